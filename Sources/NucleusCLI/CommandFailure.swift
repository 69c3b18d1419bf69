import ArgumentParser
import Foundation
import NucleusCore

/// A command that could not do its work, in one line naming the file or option and the problem
/// (printed as `Error: …`, exit status 1, without the usage text a `ValidationError` adds).
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }

    /// Foundation's own file errors read "The operation could not be completed. (NSCocoaErrorDomain
    /// error 512.)"; this says which file and why. Other errors pass unchanged.
    static func readable(_ error: any Error) -> any Error {
        let domain = (error as NSError).domain
        guard domain == NSCocoaErrorDomain || domain == NSPOSIXErrorDomain else { return error }
        return CommandFailure(SystemErrorText.fileError(error) ?? SystemErrorText.reason(error))
    }
}
