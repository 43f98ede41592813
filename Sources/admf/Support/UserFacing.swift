import Foundation

/// A command-line request that cannot be carried out as given; printed as one line, exit status 1.
struct UsageError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Prints to standard output.
func emit(_ text: String) {
    print(text)
}

/// Prints a warning line to standard error.
func warn(_ text: String) {
    FileHandle.standardError.write(Data("admf: warning: \(text)\n".utf8))
}
