#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A segment file mapped read-only into memory, so that a query reads a column chunk without a
/// system call: a full scan of a store with many small blocks otherwise spends as long in
/// `open`/`pread` as in decoding.
///
/// Only committed blocks are read through a mapping, and a writer only ever cuts a segment back
/// to its committed length. A file cut by anyone else would make a read of the lost pages
/// SIGBUS, so the file stays open and every ``bytes(at:count:)`` re-checks its size first: a
/// segment that shrank is an error (a shrink between that check and the read remains a window
/// of a few microseconds).
final class MappedSegment: @unchecked Sendable {
    // Immutable after init; the mapping lives until deinit.
    private let base: UnsafeRawPointer?
    /// The mapped length (the file's size when it was mapped).
    let length: Int
    /// The open file, for re-checking its size.
    private let fd: Int32

    init(path: String) throws(StoreError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(operation: "open", path: path, reason: RawFile.systemError()) }
        self.fd = fd
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            close(fd)
            throw .io(operation: "stat", path: path, reason: RawFile.systemError())
        }
        length = Int(st.st_size)
        guard length > 0 else {
            base = nil
            return
        }
        guard let pointer = mmap(nil, length, PROT_READ, MAP_SHARED, fd, 0), pointer != MAP_FAILED else {
            close(fd)
            throw .io(operation: "map", path: path, reason: RawFile.systemError())
        }
        base = UnsafeRawPointer(pointer)
    }

    deinit {
        if let base { munmap(UnsafeMutableRawPointer(mutating: base), length) }
        close(fd)
    }

    /// How many mapped bytes are still backed by the file: the mapped length, or less when the
    /// file has shrunk since.
    var currentLength: Int64 {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return 0 }
        return min(Int64(length), Int64(st.st_size))
    }

    /// The `count` mapped bytes at `offset`, or `nil` when they lie past the mapped length or the
    /// file's current end. The
    /// buffer is valid while this mapping lives: keep the `MappedSegment` while using it.
    func bytes(at offset: Int64, count: Int) -> UnsafeRawBufferPointer? {
        guard offset >= 0, count >= 0, offset <= currentLength - Int64(count) else { return nil }
        guard let base else { return count == 0 ? UnsafeRawBufferPointer(start: nil, count: 0) : nil }
        return UnsafeRawBufferPointer(start: base + Int(offset), count: count)
    }
}

/// The segments a snapshot has mapped, each mapped once on first use and shared by the threads
/// of a query.
final class SegmentMaps: Sendable {
    private let maps = Mutex<[Int64: MappedSegment]>([:])

    /// The mapping of segment `id` at `path`.
    func segment(_ id: Int64, path: String) throws(StoreError) -> MappedSegment {
        if let known = maps.withLock({ $0[id] }) { return known }
        let mapped = try MappedSegment(path: path)
        return maps.withLock { maps in
            if let known = maps[id] { return known }
            maps[id] = mapped
            return mapped
        }
    }
}
