import Foundation

/// A command-line request that cannot be carried out as given; printed as one line, exit status 1.
struct UsageError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Prints to standard output (flushed: a program reading it line by line sees it at once).
func emit(_ text: String) {
    print(text)
    fflush(nil)  // every output stream (nil: no reference to the global stdout)
}

/// Prints a warning line to standard error.
func warn(_ text: String) {
    FileHandle.standardError.write(Data("admf: warning: \(text)\n".utf8))
}
