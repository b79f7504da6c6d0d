package io.vigil.check.assertion;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The comparison between a subject and a value. */
enum Operator {
    EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="),
    IN("in"), CONTAINS("contains"), NOT_CONTAINS("!contains"), MATCHES("matches"),
    EXISTS("exists"), NOT_EXISTS("!exists");

    static final Set<Operator> NUMERIC = EnumSet.of(EQ, NE, LT, LE, GT, GE, IN);
    static final Set<Operator> ORDERING = EnumSet.of(LT, LE, GT, GE);
    static final Set<Operator> TEXTUAL = EnumSet.of(EQ, NE, CONTAINS, NOT_CONTAINS, MATCHES);

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    String symbol() {
        return symbol;
    }

    /** Unary operators take no value. */
    boolean unary() {
        return this == EXISTS || this == NOT_EXISTS;
    }

    static Optional<Operator> fromSymbol(String symbol) {
        return Arrays.stream(values()).filter(op -> op.symbol.equals(symbol)).findFirst();
    }

    static List<String> symbols() {
        return Arrays.stream(values()).map(Operator::symbol).toList();
    }
}
