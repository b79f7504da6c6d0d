package io.vigil.schedule;

import io.vigil.check.CheckSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.UUID;

/**
 * The due slots of one region's checks, in time order. Not thread-safe: the scheduler touches it from its own
 * context only. Time is passed in, so tests drive it with any clock.
 */
final class SlotQueue {

    /** A slot to act on: run it, or record it as missed because it can no longer run on time. */
    record Due(CheckSpec spec, long slotMs, boolean missed) {
    }

    private record Slot(long atMs, UUID checkId, long generation) {
    }

    private record Entry(CheckSpec spec, long generation) {
    }

    private final String region;
    private final PriorityQueue<Slot> queue = new PriorityQueue<>(Comparator.comparingLong(Slot::atMs));
    private final Map<UUID, Entry> entries = new HashMap<>();
    private long generation;

    SlotQueue(String region) {
        this.region = region;
    }

    /** Whether a check has slots in {@code region}: not paused, and probed there. */
    static boolean schedules(CheckSpec spec, String region) {
        return !spec.paused() && spec.regions().contains(region);
    }

    /** Adds or replaces a check; its next slot is the first one strictly after {@code nowMs}. */
    void put(CheckSpec spec, long nowMs) {
        if (!schedules(spec, region)) {
            remove(spec.id());
            return;
        }
        Entry current = entries.get(spec.id());
        if (current != null && current.spec().equals(spec)) {
            return;
        }
        long interval = spec.interval().toMillis();
        long next = Slots.firstAtOrAfter(nowMs + 1, Slots.phase(spec.id(), interval), interval);
        Entry entry = new Entry(spec, ++generation);
        entries.put(spec.id(), entry);
        // The old entry's queued slot becomes stale (generation mismatch) and is skipped when it comes up.
        queue.add(new Slot(next, spec.id(), entry.generation()));
    }

    void remove(UUID checkId) {
        entries.remove(checkId);
    }

    int size() {
        return entries.size();
    }

    /**
     * Takes every slot due at {@code nowMs}: at most {@code capacity} to run; a slot whose successor is already
     * due can no longer run on time and comes back as missed. Each taken slot queues the check's next one.
     */
    List<Due> poll(long nowMs, int capacity) {
        List<Due> due = new ArrayList<>();
        int runs = 0;
        while (!queue.isEmpty() && queue.peek().atMs() <= nowMs) {
            Slot slot = queue.peek();
            Entry entry = entries.get(slot.checkId());
            if (entry == null || entry.generation() != slot.generation()) {
                queue.poll();
                continue;
            }
            long interval = entry.spec().interval().toMillis();
            boolean missed = nowMs >= slot.atMs() + interval;
            if (!missed && runs >= capacity) {
                break;
            }
            queue.poll();
            due.add(new Due(entry.spec(), slot.atMs(), missed));
            if (!missed) {
                runs++;
            }
            queue.add(new Slot(slot.atMs() + interval, slot.checkId(), slot.generation()));
        }
        return due;
    }
}
