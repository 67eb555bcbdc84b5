/// The canonical-size accounting of blocks written before the encoder counted empty `data`.
///
/// Until this fix the encoder started its per-shape length cache at 0 while its key cache
/// started as the empty shape, so every event with `"data":{}` that came, in block order, before
/// the block's first event with a non-empty `data` was counted 10 bytes short (the length of
/// `,"data":{}`). Such blocks are sound: only the header's `rawBytes` (a statistic) is low.
/// Readers accept either accounting, so stores written before the fix verify and read as they
/// are; no upgrade step is needed and the format version is unchanged. ``StoreInfo``'s NDJSON
/// size of such a store is low by that shortfall.
enum LegacyRawSize {
    /// Bytes of `,"data":{}`, which the old accounting left out.
    static let emptyDataLength: UInt64 = 10

    /// How many bytes the old accounting left out of a block holding `events` (in block order).
    static func shortfall(_ events: [StoredEvent]) -> UInt64 {
        var missed: UInt64 = 0
        for stored in events {
            guard let data = stored.event.data else { continue }
            if !data.isEmpty { break }
            missed += emptyDataLength
        }
        return missed
    }
}
