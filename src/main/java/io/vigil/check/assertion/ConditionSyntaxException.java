package io.vigil.check.assertion;

/** A condition could not be parsed; {@link #column()} points at the offending character (1-based). */
public final class ConditionSyntaxException extends Exception {

    private final int column;
    private final String reason;

    public ConditionSyntaxException(int column, String reason) {
        super("column " + column + ": " + reason);
        this.column = column;
        this.reason = reason;
    }

    public int column() {
        return column;
    }

    public String reason() {
        return reason;
    }
}
