package io.vigil.check;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** Every {@link CheckKind} bean by its type: the valid {@code type} values are exactly these. */
@ApplicationScoped
public class CheckKinds {

    @Inject
    @Any
    Instance<CheckKind> beans;

    private final Map<String, CheckKind> byType = new TreeMap<>();

    @PostConstruct
    void index() {
        for (CheckKind kind : beans) {
            CheckKind previous = byType.putIfAbsent(kind.type(), kind);
            if (previous != null) {
                throw new IllegalStateException("two beans for check type '" + kind.type() + "': "
                        + previous.getClass().getName() + " and " + kind.getClass().getName());
            }
        }
    }

    public Optional<CheckKind> of(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    /** The valid types, sorted. */
    public SortedSet<String> types() {
        return new TreeSet<>(byType.keySet());
    }

    /** The types fed by pings rather than probed, sorted. */
    public SortedSet<String> pingedTypes() {
        TreeSet<String> pinged = new TreeSet<>();
        byType.forEach((type, kind) -> {
            if (kind.pinged()) {
                pinged.add(type);
            }
        });
        return pinged;
    }
}
