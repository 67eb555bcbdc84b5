/// One string column of a block: distinct values, and per event an index into them
/// (``StringVector/absent`` when the event lacks the field).
struct ColumnVector {
    var dictionary: [String]
    var ids: [UInt32]
}
