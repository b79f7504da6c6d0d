package io.vigil.region;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.UniqueElements;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Rendezvous assignment: one owner per check, the same answer for every order, and minimal movement. */
class AssignmentPropertiesTest {

    private static List<UUID> checks(long seed, int n) {
        java.util.Random random = new java.util.Random(seed);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(new UUID(random.nextLong(), random.nextLong()));
        }
        return ids;
    }

    @Property(tries = 200)
    void everyCheckHasExactlyOneLiveOwnerWhateverTheOrder(@ForAll @Size(min = 1, max = 6) @UniqueElements List<@net.jqwik.api.constraints.AlphaChars @net.jqwik.api.constraints.StringLength(min = 1, max = 8) String> agents,
                                                         @ForAll long seed) {
        List<String> reversed = new ArrayList<>(agents);
        java.util.Collections.reverse(reversed);
        for (UUID check : checks(seed, 50)) {
            String owner = Assignment.owner(check, agents);
            assertThat(agents).contains(owner);
            assertThat(Assignment.owner(check, reversed)).isEqualTo(owner);
        }
    }

    @Property(tries = 200)
    void whenAnAgentLeavesOnlyItsChecksMove(@ForAll @Size(min = 2, max = 6) @UniqueElements List<@net.jqwik.api.constraints.AlphaChars @net.jqwik.api.constraints.StringLength(min = 1, max = 8) String> agents,
                                            @ForAll @IntRange(min = 0, max = 5) int leaving, @ForAll long seed) {
        String gone = agents.get(leaving % agents.size());
        List<String> remaining = new ArrayList<>(agents);
        remaining.remove(gone);
        for (UUID check : checks(seed, 50)) {
            String before = Assignment.owner(check, agents);
            String after = Assignment.owner(check, remaining);
            if (!before.equals(gone)) {
                assertThat(after).as("a check of a surviving agent stays put").isEqualTo(before);
            }
            assertThat(after).isNotEqualTo(gone);
        }
    }

    @Property(tries = 20)
    void checksSpreadRoughlyEvenly(@ForAll long seed) {
        List<String> agents = List.of("a", "b", "c");
        int[] counts = new int[3];
        for (UUID check : checks(seed, 3000)) {
            counts[agents.indexOf(Assignment.owner(check, agents))]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(800, 1200);
        }
    }
}
