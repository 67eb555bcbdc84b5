/// Which events of a block a filter keeps.
enum Mask {
    case all, none
    case some([Bool])

    func matches(_ i: Int) -> Bool {
        switch self {
        case .all: true
        case .none: false
        case .some(let bits): bits[i]
        }
    }

    var isEmpty: Bool {
        switch self {
        case .none: true
        case .all: false
        case .some(let bits): !bits.contains(true)
        }
    }
}
