import Testing
@testable import Workflow

/// The typed reader used by phase types to decode their `config:` blocks.
@Suite struct ConfigNodeTests {
    private func value(_ scalar: String) throws -> ConfigNode {
        try ConfigTestSupport.node("v: \(scalar)\n").require("v")
    }

    @Test func numbersReadAsDouble() throws {
        #expect(try value("5").double() == 5)
        #expect(try value("5.0").double() == 5)
        #expect(try value("1e-3").double() == 0.001)
        #expect(try value("0.001").double() == 0.001)
        #expect(try value("-2.5E2").double() == -250)
        #expect(try value(".5").double() == 0.5)
        #expect(try value("1_000").double() == 1000)
    }

    @Test func numbersRefused() throws {
        let quoted = try #require(ConfigTestSupport.error { _ = try value("\"5\"").double() })
        #expect(quoted.description == "snippet.yaml:1:4: v: expected a number, found the string \"5\" — remove the quotes")
        let single = try #require(ConfigTestSupport.error { _ = try value("'5'").double() })
        #expect(single.message == "expected a number, found the string '5'")
        #expect(single.hint == "remove the quotes")
        let word = try #require(ConfigTestSupport.error { _ = try value("abc").double() })
        #expect(word.message == "expected a number, found the string 'abc'")
        #expect(word.hint == nil)
        let infinity = try #require(ConfigTestSupport.error { _ = try value(".inf").double() })
        #expect(infinity.message == "expected a number, found .inf")
        let list = try #require(ConfigTestSupport.error { _ = try value("[1, 2]").double() })
        #expect(list.message == "expected a number, found a list")
        let nullNode = try #require(try ConfigTestSupport.node("v: ~\n").entries().first?.value)
        let null = try #require(ConfigTestSupport.error { _ = try nullNode.double() })
        #expect(null.message == "expected a number, found nothing (null)")
        let hex = try #require(ConfigTestSupport.error { _ = try value("0x10").double() })
        #expect(hex.message == "expected a number, found the string '0x10'")
    }

    @Test func wholeNumbers() throws {
        #expect(try value("42").int() == 42)
        #expect(try value("-7").int() == -7)
        #expect(try value("5.0").int() == 5)
        #expect(try value("1e3").int() == 1000)
        let fraction = try #require(ConfigTestSupport.error { _ = try value("2.5").int() })
        #expect(fraction.message == "expected a whole number, found the number 2.5")
        #expect(try value("18446744073709551615").uint64() == UInt64.max)
        let negative = try #require(ConfigTestSupport.error { _ = try value("-1").uint64() })
        #expect(negative.message == "expected a non-negative whole number, found the number -1")
    }

    @Test func booleans() throws {
        #expect(try value("true").bool() == true)
        #expect(try value("False").bool() == false)
        let yes = try #require(ConfigTestSupport.error { _ = try value("yes").bool() })
        #expect(yes.message == "expected true or false, found the string 'yes'")
        #expect(yes.hint == "booleans are written true or false (YAML 1.2)")
        let quoted = try #require(ConfigTestSupport.error { _ = try value("\"true\"").bool() })
        #expect(quoted.hint == "remove the quotes")
        let number = try #require(ConfigTestSupport.error { _ = try value("1").bool() })
        #expect(number.message == "expected true or false, found the number 1")
        // YAML 1.1 boolean words stay strings.
        #expect(try value("NO").string() == "NO")
    }

    @Test func strings() throws {
        #expect(try value("grid").string() == "grid")
        #expect(try value("\"grid\"").string() == "grid")
        #expect(try value("5").string() == "5")
        let mapping = try #require(ConfigTestSupport.error { _ = try value("{a: 1}").string() })
        #expect(mapping.message == "expected a string, found a mapping")
    }

    @Test func lists() throws {
        #expect(try value("[a, b]").stringList() == ["a", "b"])
        #expect(try value("single").stringList() == ["single"])
        #expect(try value("[0.5, 1, 2e1]").doubleList() == [0.5, 1, 20])
        let scalar = try #require(ConfigTestSupport.error { _ = try value("3").doubleList() })
        #expect(scalar.message == "expected a list of numbers, found the number 3")
        let item = try #require(ConfigTestSupport.error { _ = try value("[1, x, 3]").doubleList() })
        #expect(item.path == "v[1]")
        #expect(item.column == 8)
        let nested = try #require(ConfigTestSupport.error { _ = try value("[a, [b]]").stringList() })
        #expect(nested.message == "expected a string, found a list")
    }

    @Test func mappingsKeepDocumentOrderAndKeyLocations() throws {
        let node = try ConfigTestSupport.node("zeta: 1\nalpha: 2\nmid:\n  x: 3\n")
        #expect(node.keys == ["zeta", "alpha", "mid"])
        let pairs = try node.mapping()
        #expect(pairs.map(\.key) == ["zeta", "alpha", "mid"])
        let entries = try node.entries()
        #expect(entries[1].keyNode.line == 2)
        #expect(entries[1].keyNode.column == 1)
        #expect(entries[1].value.column == 8)
        #expect(entries[2].value.path == "mid")
        #expect(try node.require("mid").require("x").path == "mid.x")
        #expect(node.child("missing") == nil)
        #expect(node.keyNode("alpha")?.line == 2)
    }

    @Test func nullCountsAsAbsent() throws {
        let node = try ConfigTestSupport.node("a:\nb: ~\nc: null\nd: \"\"\n")
        #expect(node.child("a") == nil)
        #expect(node.child("b") == nil)
        #expect(node.child("c") == nil)
        #expect(try node.child("d")?.string() == "")
        #expect(node.has("a"))
        let required = try #require(ConfigTestSupport.error { _ = try node.require("b") })
        #expect(required.description == "snippet.yaml:2:1: b: 'b' has no value")
        let missing = try #require(ConfigTestSupport.error { _ = try node.require("type") })
        #expect(missing.description == "snippet.yaml:1:1: missing required key 'type'")
    }

    @Test func checkKeysPointsAtTheKey() throws {
        let node = try ConfigTestSupport.node("opt:\n  method: grid\n  n_trails: 5\n")
        let optimization = try node.require("opt")
        let error = try #require(ConfigTestSupport.error {
            try optimization.checkKeys(allowed: ["method", "n_trials", "objective"])
        })
        #expect(error.description
            == "snippet.yaml:3:3: opt: unknown key 'n_trails' — did you mean 'n_trials'? (allowed: method, n_trials, objective)")
        #expect(throws: Never.self) { try optimization.checkKeys(allowed: ["method", "n_trails"]) }
    }

    @Test func enumerations() throws {
        #expect(try value("daily").enumeration(CheckpointFrequency.self) == .daily)
        #expect(try value("per_phase").oneOf(["per_phase", "hourly"]) == "per_phase")
        let wrong = try #require(ConfigTestSupport.error { _ = try value("Daily").enumeration(CheckpointFrequency.self) })
        #expect(wrong.message == "v must be one of per_phase, hourly, daily; found 'Daily'")
        #expect(wrong.hint == "did you mean 'daily'?")
    }

    @Test func byteSizes() throws {
        #expect(try value("512MB").byteSize() == 512_000_000)
        #expect(try value("\"2GB\"").byteSize() == 2_000_000_000)
        #expect(try value("8gb").byteSize() == 8_000_000_000)
        #expect(try value("1.5GiB").byteSize() == 1_610_612_736)
        #expect(try value("64 KiB").byteSize() == 65_536)
        #expect(try value("4096").byteSize() == 4096)
        #expect(try value("100B").byteSize() == 100)
        let bad = try #require(ConfigTestSupport.error { _ = try value("-1GB").byteSize() })
        #expect(bad.hint == "units: B, KB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024)")
    }

    @Test func dates() throws {
        let day = try value("\"2022-01-01\"").date()
        #expect(day.epochSeconds == 1_640_995_200)
        #expect(day.hasTime == false)
        #expect(try value("2020-02-29").date().epochSeconds == 1_582_934_400)
        #expect(try value("2022-01-01T09:30:00Z").date().epochSeconds == 1_640_995_200 + 34_200)
        #expect(try value("\"2022-01-01 09:30:00-05:00\"").date().epochSeconds == 1_640_995_200 + 34_200 + 18_000)
        #expect(try value("2022-01-01T09:30").date().epochSeconds == 1_640_995_200 + 34_200)
        #expect(try value("1969-12-31").date().epochSeconds == -86_400)
        for bad in ["2021-02-29", "2022-1-01", "2022-01-01T25:00", "yesterday", "2022-01-01T09:30:00Q"] {
            #expect(ConfigDate.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func suggestions() {
        #expect(Suggestions.closest(to: "retyr", among: ["retry", "continue_with_warning"]) == "retry")
        #expect(Suggestions.closest(to: "methd", among: ["objective", "method"]) == "method")
        #expect(Suggestions.closest(to: "zzz", among: ["method", "objective"]) == nil)
        #expect(Suggestions.editDistance("kitten", "sitting") == 3)
        #expect(Suggestions.editDistance("ab", "ba") == 1)
    }

    @Test func pathsQuoteOddKeys() throws {
        let node = try ConfigTestSupport.node("files:\n  BRK.B: brk.csv\n")
        #expect(try node.require("files").require("BRK.B").path == "files[\"BRK.B\"]")
    }

    @Test func kinds() throws {
        let node = try ConfigTestSupport.node("m: {a: 1}\ns: [1]\nv: x\nn:\n")
        #expect(try node.require("m").isMapping)
        #expect(try node.require("s").isSequence)
        #expect(try node.require("v").isScalar)
        #expect(node.entry("n")?.value.isNull == true)
        #expect(node.entry("n")?.value.isScalar == false)
    }
}
