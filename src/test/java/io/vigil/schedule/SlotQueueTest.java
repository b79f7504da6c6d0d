package io.vigil.schedule;

import io.vigil.check.CheckSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Phases, drift, missed slots and the concurrency bound, driven by an explicit clock (no sleeping). */
class SlotQueueTest {

    private static CheckSpec spec(UUID id, int intervalSeconds, boolean paused, String region) {
        return new CheckSpec(id, UUID.randomUUID(), "c", "http", "http://127.0.0.1/", "GET", Map.of(), null,
                Duration.ofSeconds(intervalSeconds), Duration.ofMillis(500), true, List.of(region), List.of(), null, 2, 1, null, List.of(), null, List.of(), null, null, null, paused);
    }

    @Test
    void tenThousandChecksAtSixtySecondsSpreadEvenlyOverTheInterval() {
        int[] perSecond = new int[60];
        for (int i = 0; i < 10_000; i++) {
            perSecond[(int) (Slots.phase(UUID.randomUUID(), 60_000) / 1000)]++;
        }
        // Uniform would be ~167 per second; a herd would put thousands in one.
        for (int count : perSecond) {
            assertThat(count).isBetween(100, 250);
        }
    }

    @Test
    void phaseIsStableAndSlotsNeverDrift() {
        UUID id = UUID.randomUUID();
        long phase = Slots.phase(id, 10_000);
        assertThat(Slots.phase(id, 10_000)).isEqualTo(phase);
        SlotQueue q = new SlotQueue("local");
        long now = 1_800_000_000_000L;
        q.put(spec(id, 10, false, "local"), now);
        List<Long> slots = new java.util.ArrayList<>();
        // Poll late by a varying few ms each time: slots stay on the grid regardless.
        for (long t = now; t < now + 100_000; t += 7) {
            q.poll(t, 100).forEach(d -> slots.add(d.slotMs()));
        }
        assertThat(slots).hasSize(10);
        for (int i = 0; i < slots.size(); i++) {
            assertThat(slots.get(i) % 10_000).isEqualTo(phase);
            if (i > 0) {
                assertThat(slots.get(i) - slots.get(i - 1)).isEqualTo(10_000);
            }
        }
        assertThat(slots.get(0)).isGreaterThan(now);
    }

    @Test
    void aSlotThatCannotRunBeforeItsSuccessorIsMissedNotSkipped() {
        SlotQueue q = new SlotQueue("local");
        UUID id = UUID.randomUUID();
        long now = 1_800_000_000_000L;
        q.put(spec(id, 10, false, "local"), now);
        long first = Slots.firstAtOrAfter(now + 1, Slots.phase(id, 10_000), 10_000);
        // The scheduler stalls for 35 s after the first slot: three slots are past their successor, one is due.
        List<SlotQueue.Due> due = q.poll(first + 35_000, 100);
        assertThat(due).extracting(SlotQueue.Due::missed).containsExactly(true, true, true, false);
        assertThat(due).extracting(SlotQueue.Due::slotMs)
                .containsExactly(first, first + 10_000, first + 20_000, first + 30_000);
    }

    @Test
    void concurrencyBoundDefersRunsUntilTheyWouldBeLate() {
        SlotQueue q = new SlotQueue("local");
        long now = 1_800_000_000_000L;
        for (int i = 0; i < 50; i++) {
            q.put(spec(UUID.randomUUID(), 10, false, "local"), now);
        }
        List<SlotQueue.Due> first = q.poll(now + 10_000, 20);
        assertThat(first).hasSize(20).noneMatch(SlotQueue.Due::missed);
        assertThat(q.poll(now + 10_001, 0)).isEmpty();
        // Capacity frees up: the rest run (still on time within their interval).
        assertThat(q.poll(now + 10_002, 100)).hasSize(30).noneMatch(SlotQueue.Due::missed);
    }

    @Test
    void pausedRemovedAndOtherRegionChecksAreNotScheduledAndUpdatesReplaceTheOldSlot() {
        SlotQueue q = new SlotQueue("local");
        long now = 1_800_000_000_000L;
        UUID paused = UUID.randomUUID();
        UUID elsewhere = UUID.randomUUID();
        UUID removed = UUID.randomUUID();
        UUID updated = UUID.randomUUID();
        q.put(spec(paused, 10, true, "local"), now);
        q.put(spec(elsewhere, 10, false, "eu-west"), now);
        q.put(spec(removed, 10, false, "local"), now);
        q.remove(removed);
        q.put(spec(updated, 10, false, "local"), now);
        q.put(spec(updated, 20, false, "local"), now);
        List<SlotQueue.Due> due = q.poll(now + 20_000, 100);
        assertThat(due).extracting(d -> d.spec().id()).containsExactly(updated);
        assertThat(due.get(0).spec().interval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(q.size()).isEqualTo(1);
    }
}
