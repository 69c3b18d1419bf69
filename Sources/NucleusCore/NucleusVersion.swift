/// Version recorded in every unit file and printed by `nucleus --version`.
public enum NucleusVersion {
    public static let current = "0.1.0"
}
