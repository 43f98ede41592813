import Signals
import Testing

@Suite("SHA-256 and CRC-32 against published test vectors")
struct HashingTests {
    @Test("FIPS 180-4 / NIST SHA-256 vectors")
    func sha256Vectors() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(Array(("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                                  + "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu").utf8))
                == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
        #expect(SHA256.hex(Array("The quick brown fox jumps over the lazy dog".utf8))
                == "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592")
    }

    @Test("a million 'a's fed in uneven pieces; 55/56/63/64/65-byte messages straddle the padding")
    func sha256Incremental() {
        var hasher = SHA256()
        let chunk = [UInt8](repeating: 0x61, count: 997)
        var fed = 0
        var piece = 1
        while fed < 1_000_000 {
            let n = min(piece, 1_000_000 - fed, chunk.count)
            hasher.update(Array(chunk[0..<n]))
            fed += n
            piece = piece * 7 % 1000 + 1
        }
        let digest = hasher.finalize().map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined()
        #expect(digest == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        // Boundary lengths: one-shot and byte-by-byte hashing agree.
        for length in [55, 56, 63, 64, 65, 119, 120, 128] {
            let message = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            var stepwise = SHA256()
            for byte in message { stepwise.update([byte]) }
            #expect(stepwise.finalize() == SHA256.hash(message), "length \(length)")
        }
        #expect(SHA256.hex(Array(repeating: 0x61, count: 64)) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
    }

    @Test("CRC-32 (IEEE) check value and continuation")
    func crc32() {
        #expect(CRC32.checksum([]) == 0)
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
        let message = (0..<1000).map { UInt8(truncatingIfNeeded: $0 * 13) }
        let whole = CRC32.checksum(message)
        for split in [0, 1, 7, 8, 9, 500, 999, 1000] {
            let first = Array(message[0..<split]).withUnsafeBytes { CRC32.checksum($0) }
            let both = Array(message[split...]).withUnsafeBytes { CRC32.checksum($0, continuing: first) }
            #expect(both == whole, "split at \(split)")
        }
        // The table-driven eight-byte loop agrees with the bitwise definition.
        func bitwise(_ bytes: [UInt8]) -> UInt32 {
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in bytes {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            }
            return ~crc
        }
        for length in [1, 3, 8, 15, 16, 17, 100] {
            let bytes = Array(message[0..<length])
            #expect(CRC32.checksum(bytes) == bitwise(bytes))
        }
    }
}
