import AuditModel

/// Decides which events of a full batch go to side blocks, and groups gathered side events into
/// blocks: the busy actors' events form the batch's main block, the rare actors' wait in a
/// ``SideEventPool`` and are written as side blocks of about ``StoreOptions/sideBlockEvents``.
///
/// A person who acts a few times a day appears in almost every block of a year's archive, so
/// "everything alice did" would otherwise inflate nearly every block to return a handful of rows
/// from each. An actor with at most ``StoreOptions/rareActorEvents`` events in a batch has them
/// set aside; the events set aside over several batches are grouped by a stable hash of the
/// actor, so one person's events of all those batches share one small side block, which the index
/// finds, while the busy actors (bots, CI) stay in the large, well-compressed main blocks. Every
/// event keeps its sequence number, so the append order (and with it the order of events with
/// equal times) is unchanged; side blocks overlap main blocks in time, which readers merge.
struct BlockSplitter {

    let options: StoreOptions

    /// The positions (ascending) of the batch's events that stay in its main block and of those
    /// set aside for side blocks; `nil` when the batch stays one block (it is small, or has few
    /// events of rare actors).
    func split(_ batch: [AuditEvent]) -> (main: [Int], rare: [Int])? {
        let limit = options.rareActorEvents
        guard limit > 0, batch.count >= max(2, options.blockEvents / 4) else { return nil }
        // Actors as small integers: one hash lookup per event, reading only the actor (copying
        // whole events costs more than the split saves).
        var actorIDs: [String: Int32] = [:]
        var ids = [Int32](repeating: 0, count: batch.count)
        var counts: [Int] = []
        var lastActor = ""
        var lastID: Int32 = -1
        for i in batch.indices {
            let actor = batch[i].actor
            let id: Int32
            if lastID >= 0, actor == lastActor {
                id = lastID  // a run of one bot's events skips the lookup
            } else if let known = actorIDs[actor] {
                id = known
            } else {
                id = Int32(counts.count)
                actorIDs[actor] = id
                counts.append(0)
            }
            ids[i] = id
            counts[Int(id)] += 1
            lastActor = actor
            lastID = id
        }
        var rareCount = 0
        for n in counts where n <= limit { rareCount += n }
        guard rareCount >= max(1, options.sideBlockEvents / 4), rareCount < batch.count else { return nil }
        var main: [Int] = [], rare: [Int] = []
        main.reserveCapacity(batch.count - rareCount)
        rare.reserveCapacity(rareCount)
        for (i, id) in ids.enumerated() {
            if counts[Int(id)] <= limit { rare.append(i) } else { main.append(i) }
        }
        return (main, rare)
    }

    /// Groups events set aside into side blocks of about ``StoreOptions/sideBlockEvents``, all
    /// of one actor's events in the same block; each block as ascending positions in `events`.
    func sideBlocks(_ events: [AuditEvent]) -> [[Int]] {
        let buckets = max(1, events.count / max(1, options.sideBlockEvents))
        var bucketOfActor: [String: Int] = [:]
        var blocks = [[Int]](repeating: [], count: buckets)
        for i in events.indices {
            let actor = events[i].actor
            let bucket: Int
            if let known = bucketOfActor[actor] {
                bucket = known
            } else {
                bucket = Int(Self.stableHash(actor) % UInt64(buckets))
                bucketOfActor[actor] = bucket
            }
            blocks[bucket].append(i)
        }
        return blocks.filter { !$0.isEmpty }
    }

    /// FNV-1a of the UTF-8 bytes: the same on every run and machine (unlike `Hasher`).
    static func stableHash(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in s.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x100_0000_01b3
        }
        return h
    }
}
