import Foundation
import GRDB

/// One fault that `verify` found, located as precisely as it can be.
public struct VerifyProblem: Sendable, Hashable, CustomStringConvertible {
    /// The segment file, e.g. `00000003.seg`, when the fault is in one.
    public var segment: String?
    /// The catalog's block id, when known.
    public var block: Int64?
    /// The byte offset in the segment, when known.
    public var offset: Int64?
    /// What is wrong.
    public var message: String

    public var description: String {
        var place: [String] = []
        if let segment { place.append("segments/\(segment)") }
        if let block { place.append("block \(block)") }
        if let offset { place.append("at offset \(offset)") }
        return place.isEmpty ? message : place.joined(separator: " ") + ": " + message
    }
}

/// The outcome of checking a whole store.
public struct VerifyReport: Sendable, Hashable {
    /// Segment files read.
    public var segments = 0
    /// Blocks whose every checksum and event was checked.
    public var blocks = 0
    /// Events decoded.
    public var events = 0
    /// Faults: any of these makes the store not whole.
    public var problems: [VerifyProblem] = []
    /// Things worth knowing that are not faults, such as an uncommitted tail a crash left.
    public var notes: [String] = []

    /// Whether the store is whole.
    public var isClean: Bool { problems.isEmpty }
}

/// Checks a store end to end: every block's checksums and events, and the catalog (blocks, index,
/// sequence numbers) against what the segments hold. It only reads; it never repairs.
public enum StoreVerifier {
    /// Verifies the store at `root`.
    public static func verify(root: String) throws(StoreError) -> VerifyReport {
        let store = try AuditStore(root: root)
        let snapshot = try store.snapshot()
        var report = VerifyReport()
        var byPlace: [Int64: [Int64: BlockInfo]] = [:]
        for block in snapshot.blocks { byPlace[block.segment, default: [:]][block.offset] = block }
        var seen = Set<Int64>()
        // Catalogued blocks that could not be read: their index entries cannot be checked.
        var unreadable = Set<Int64>()
        // One bit per sequence number below next_seq: each must belong to exactly one event.
        var seqSeen = [UInt64](repeating: 0, count: Int(snapshot.nextSeq / 64) + 1)
        var termsFromBlocks: [ExactString: Int] = [:]
        // Bytes past the catalog are the interrupted append's own, or blocks it has forgotten.
        let interrupted = UncataloguedBlocks.isInterruptedAppend(snapshot)

        for segment in snapshot.segments {
            let name = StoreLayout.segmentName(segment.id)
            let path = store.layout.segment(segment.id)
            guard StoreLayout.exists(path) else {
                if segment.committedLength > 0 {
                    report.problems.append(VerifyProblem(segment: name, message: "the segment file is missing"))
                }
                continue
            }
            report.segments += 1
            let size = StoreLayout.fileSize(path)
            if size < segment.committedLength {
                report.problems.append(VerifyProblem(
                    segment: name, offset: size,
                    message: "the file is \(segment.committedLength - size) bytes shorter than its committed length \(segment.committedLength)"))
            } else if size > segment.committedLength, !interrupted,
                      let problem = try UncataloguedBlocks.scan(path, from: segment.committedLength).problem(segment: name, root: root) {
                report.problems.append(problem)
            } else if size > segment.committedLength {
                report.notes.append(
                    "segments/\(name): \(size - segment.committedLength) bytes after the last committed block (an interrupted append; the next writer cuts them off)")
            }
            var scanner = try SegmentScanner(path: path, limit: segment.committedLength)
            let expected = byPlace[segment.id] ?? [:]
            while let item = try scanner.next() {
                switch item {
                case .garbage(let offset, let length, let reason):
                    report.problems.append(VerifyProblem(segment: name, offset: offset, message: "\(length) unreadable bytes: \(reason)"))
                case .frame(let offset, let header, let reader, let error):
                    let info = expected[offset]
                    if let info { seen.insert(info.id) }
                    if let error {
                        if let info { unreadable.insert(info.id) }
                        report.problems.append(VerifyProblem(segment: name, block: info?.id, offset: offset, message: "\(error)"))
                        continue
                    }
                    guard let info else {
                        report.problems.append(VerifyProblem(segment: name, offset: offset, message: "a block the catalog does not name"))
                        continue
                    }
                    if info.length != header.frameLength || info.eventCount != header.eventCount || info.firstSeq != header.firstSeq
                        || info.minSeconds != header.minSeconds || info.maxSeconds != header.maxSeconds || info.rawBytes != header.rawBytes {
                        report.problems.append(VerifyProblem(segment: name, block: info.id, offset: offset,
                                                             message: "the catalog's row disagrees with the block header"))
                    }
                    report.blocks += 1
                    report.events += header.eventCount
                    if let reader {
                        do {
                            for seq in try reader.sequenceNumbers() {
                                guard seq < snapshot.nextSeq else {
                                    report.problems.append(VerifyProblem(segment: name, block: info.id, offset: offset,
                                        message: "sequence number \(seq) reaches past the catalog's next_seq \(snapshot.nextSeq)"))
                                    break
                                }
                                let (word, bit) = (Int(seq / 64), UInt64(1) << (seq % 64))
                                if seqSeen[word] & bit != 0 {
                                    report.problems.append(VerifyProblem(segment: name, block: info.id, offset: offset,
                                        message: "sequence number \(seq) belongs to another event too"))
                                    break
                                }
                                seqSeen[word] |= bit
                            }
                            for term in try reader.indexTerms() {
                                termsFromBlocks[ExactString("\(term.field.rawValue)\u{0}\(term.value)\u{0}\(info.id)")] = term.count
                            }
                        } catch {
                            unreadable.insert(info.id)
                            report.problems.append(VerifyProblem(segment: name, block: info.id, offset: offset, message: "\(error)"))
                        }
                    }
                }
            }
        }
        for block in snapshot.blocks where !seen.contains(block.id) {
            report.problems.append(VerifyProblem(
                segment: StoreLayout.segmentName(block.segment), block: block.id, offset: block.offset,
                message: "the catalog names a block that the segment does not hold"))
        }
        let known = Set(snapshot.segments.map(\.id))
        for id in store.layout.segmentIDsOnDisk() where !known.contains(id) {
            let name = StoreLayout.segmentName(id)
            if !interrupted, let problem = try UncataloguedBlocks.scan(store.layout.segment(id), from: 0).problem(segment: name, root: root) {
                report.problems.append(problem)
                continue
            }
            report.notes.append("segments/\(StoreLayout.segmentName(id)) is not in the catalog (left by an interrupted append, or foreign)")
        }

        // The index against the blocks that could be read.
        let readable = seen.subtracting(unreadable)
        let fromCatalog: [ExactString: Int] = try store.catalog.read { db in
            var out: [ExactString: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT p.field, s.value, p.blocks FROM postings p JOIN strings s ON s.id = p.term") {
                let field: Int = row[0]
                let value: String = row[1]
                let blob = ((row[2] as Data?) ?? Data()).map { $0 }
                guard let entries = try? PostingList.decode(blob) else {
                    out[ExactString("\(field)\u{0}\(value)\u{0}damaged")] = -1
                    continue
                }
                for entry in entries { out[ExactString("\(field)\u{0}\(value)\u{0}\(entry.block)")] = entry.count }
            }
            return out
        }
        var indexFaults = 0
        for (key, count) in fromCatalog {
            let parts = key.value.split(separator: "\u{0}", omittingEmptySubsequences: false)
            guard let blockID = Int64(parts.last ?? "") else {
                indexFaults += 1
                continue
            }
            if readable.contains(blockID), termsFromBlocks[key] != count { indexFaults += 1 }
        }
        for (key, _) in termsFromBlocks where fromCatalog[key] == nil { indexFaults += 1 }
        if indexFaults > 0 {
            report.problems.append(VerifyProblem(
                message: "the index disagrees with the blocks in \(indexFaults) entries; run 'hubaudit rebuild-catalog'"))
        }
        for checkpoint in try store.checkpoints() where checkpoint.position > snapshot.nextSeq {
            report.problems.append(VerifyProblem(message: """
                export checkpoint '\(checkpoint.name)' is at position \(checkpoint.position), beyond the store's \
                last sequence number \(snapshot.nextSeq); run 'hubaudit checkpoints --reset \(checkpoint.name)'
                """))
        }
        return report
    }
}
