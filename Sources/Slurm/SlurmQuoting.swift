/// Quoting for the two languages a batch script mixes: bash, and sbatch's `#SBATCH` option lines.
public enum SlurmQuoting {
    /// One bash word whatever the text: `'…'`, an embedded `'` written as `'\''`.
    public static func shell(_ text: String) -> String {
        if !text.isEmpty, text.allSatisfy(isShellSafe) { return text }
        return "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    /// A value on an `#SBATCH --opt=value` line. sbatch splits these lines at blanks itself and
    /// understands double quotes and backslash escapes (not single quotes, not `$`).
    public static func directive(_ text: String) -> String {
        if !text.isEmpty, text.allSatisfy(isShellSafe) { return text }
        let escaped = text.replacingOccurrences(of: #"\"#, with: #"\\"#).replacingOccurrences(of: "\"", with: #"\""#)
        return "\"" + escaped + "\""
    }

    /// A literal path inside a Slurm file-name pattern (`--output`): `%` means a substitution there.
    public static func filenamePattern(_ path: String) -> String {
        path.replacingOccurrences(of: "%", with: "%%")
    }

    static func isShellSafe(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || "/._-+=:,@%".contains(character))
    }
}
