/// Where each role's field lies in the current line (`-1` when the row has no such field).
struct FieldRanges {
    private var starts = (-1, -1, -1, -1, -1, -1, -1)
    private var ends = (-1, -1, -1, -1, -1, -1, -1)

    @inline(__always)
    mutating func set(_ role: UInt8, _ start: Int, _ end: Int) {
        switch role {
        case 0: starts.0 = start; ends.0 = end
        case 1: starts.1 = start; ends.1 = end
        case 2: starts.2 = start; ends.2 = end
        case 3: starts.3 = start; ends.3 = end
        case 4: starts.4 = start; ends.4 = end
        case 5: starts.5 = start; ends.5 = end
        case 6: starts.6 = start; ends.6 = end
        default: break
        }
    }

    @inline(__always)
    func start(_ role: UInt8) -> Int {
        switch role {
        case 0: return starts.0
        case 1: return starts.1
        case 2: return starts.2
        case 3: return starts.3
        case 4: return starts.4
        case 5: return starts.5
        default: return starts.6
        }
    }

    @inline(__always)
    func end(_ role: UInt8) -> Int {
        switch role {
        case 0: return ends.0
        case 1: return ends.1
        case 2: return ends.2
        case 3: return ends.3
        case 4: return ends.4
        case 5: return ends.5
        default: return ends.6
        }
    }

    @inline(__always)
    func has(_ role: UInt8) -> Bool { start(role) >= 0 }

    @inline(__always)
    mutating func reset() { self = FieldRanges() }
}
