import AuditModel
import Foundation
import SegmentStore

/// What an export run did.
public struct ExportSummary: Sendable {
    /// Events handed to the sink and made durable.
    public var events = 0
    /// The checkpoint's position after the run, when one was used.
    public var position: UInt64?
    /// Damaged blocks skipped (only without a checkpoint; with one the run stops at them).
    public var damaged: [StoreError] = []
}

/// Runs an export: selects events, encodes them, hands them to a sink and, with a checkpoint,
/// moves it forward each time the sink reports events durable.
///
/// Without a checkpoint, events come in time order (ties in store order). With one, they come
/// in sequence (append) order from the checkpoint's position, and the position is saved after
/// every durable batch or file, so a crash re-delivers at most the unfinished batch; the ids
/// (``EventIdentity``) let the receiver drop such a repeat.
public struct Exporter {
    /// The store read.
    public let store: AuditStore
    /// Which events.
    public let selection: ExportSelection
    /// How rows look.
    public let encoder: EventEncoder
    /// The checkpoint name, if the run is checkpointed.
    public let checkpoint: String?
    /// Start the checkpoint over (position 0) with this run's selection and format.
    public let reset: Bool
    /// What the checkpoint remembers as its format (the format, or the receiver's kind).
    public let target: String

    /// Describes a run.
    public init(store: AuditStore, selection: ExportSelection, encoder: EventEncoder, checkpoint: String? = nil,
                reset: Bool = false, target: String? = nil) {
        self.store = store
        self.selection = selection
        self.encoder = encoder
        self.checkpoint = checkpoint
        self.reset = reset
        self.target = target ?? encoder.format.rawValue
    }

    /// Runs the export into `sink`; `progress` is called with the count now and then.
    public func run(into sink: some ExportSink, progress: (Int) -> Void = { _ in }) async throws(ExportError) -> ExportSummary {
        do {
            return try await runChecked(sink, progress)
        } catch {
            sink.abandon()
            throw error
        }
    }

    private func runChecked(_ sink: some ExportSink, _ progress: (Int) -> Void) async throws(ExportError) -> ExportSummary {
        let snapshot = try wrap { () throws(StoreError) in try store.snapshot() }
        var summary = ExportSummary()
        var scratch: [UInt8] = []
        scratch.reserveCapacity(1024)
        let needsID = encoder.needsID
        var seen = 0

        func deliver(_ event: AuditEvent, seq: UInt64, twins: (Fingerprint) -> Int) async throws(ExportError) {
            scratch.removeAll(keepingCapacity: true)
            CanonicalJSON.appendEvent(event, to: &scratch)
            // Fingerprint(event) rather than of `scratch`: its generic byte form is not specialised
            // across modules and costs about 100 ns a byte here.
            var id = ""
            if needsID {
                let print = Fingerprint(event)
                id = EventIdentity.id(print, earlierTwins: twins(print))
            }
            if let done = try await sink.add(event, seq: seq, id: id, raw: scratch[...]) { try record(done, &summary) }
            seen += 1
            if seen & 0xFFFF == 0 { progress(seen) }
        }

        if checkpoint != nil {
            let position = try prepareCheckpoint()
            summary.position = position
            var scanner = try wrap { () throws(StoreError) in
                try SequenceScanner(snapshot: snapshot, filter: selection.eventFilter, position: position, countTwins: encoder.needsID)
            }
            while let (stored, twins) = try wrap({ () throws(StoreError) in try scanner.next() }) {
                guard selection.admits(stored.event) else { continue }
                try await deliver(stored.event, seq: stored.seq, twins: { _ in twins })
            }
            if let done = try await sink.finish() { try record(done, &summary) }
            // Everything selected below the snapshot's end is delivered: skip past the rest too.
            try advance(to: snapshot.nextSeq, delivered: 0, &summary)
        } else {
            var scanner = try wrap { () throws(StoreError) in
                try EventScanner(snapshot: snapshot, filter: selection.eventFilter, skipDamaged: true)
            }
            var counter = TwinCounter()
            while let stored = try wrap({ () throws(StoreError) in try scanner.next() }) {
                guard selection.admits(stored.event) else { continue }
                try await deliver(stored.event, seq: stored.seq) { counter.earlierTwins(second: stored.event.timestamp.seconds, fingerprint: $0) }
            }
            if let done = try await sink.finish() { summary.events += done.events }
            summary.damaged = scanner.damaged
        }
        progress(seen)
        return summary
    }

    private func record(_ done: Delivered, _ summary: inout ExportSummary) throws(ExportError) {
        guard checkpoint != nil else {
            summary.events += done.events
            return
        }
        try advance(to: done.lastSeq + 1, delivered: done.events, &summary)
    }

    private func advance(to position: UInt64, delivered: Int, _ summary: inout ExportSummary) throws(ExportError) {
        summary.events += delivered
        guard let name = checkpoint else { return }
        let time = "\(Timestamp(seconds: Int64(Date().timeIntervalSince1970)))"
        try wrap { () throws(StoreError) in try store.advanceCheckpoint(name, to: position, delivered: delivered, at: time) }
        summary.position = max(summary.position ?? 0, position)
    }

    /// Loads or creates the checkpoint; refuses a different selection or format unless `reset`.
    private func prepareCheckpoint() throws(ExportError) -> UInt64 {
        guard let name = checkpoint else { return 0 }
        let existing = try wrap { () throws(StoreError) in try store.checkpoint(name) }
        let filter = selection.summary
        if let existing, !reset {
            guard existing.filter == filter, existing.format == target else {
                let stored = "\(existing.filter) as \(existing.format)"
                throw .checkpointMismatch(name: name, stored: stored, given: "\(filter) as \(target)")
            }
            return existing.position
        }
        try wrap { () throws(StoreError) in try store.saveCheckpoint(ExportCheckpoint(name: name, filter: filter, format: target)) }
        return 0
    }

    private func wrap<T>(_ body: () throws(StoreError) -> T) throws(ExportError) -> T {
        do {
            return try body()
        } catch {
            throw .store(error)
        }
    }
}
