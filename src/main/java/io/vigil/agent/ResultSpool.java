package io.vigil.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An agent's results on local disk until the server has them: segment files of one JSON result per line, appended
 * in order and delivered oldest first, so a restart or a long server outage loses nothing. Bounded: past
 * {@code maxRecords} the oldest segment is dropped and counted. Blocking file I/O: call it off the event loop.
 */
public final class ResultSpool implements AutoCloseable {

    /** Results per segment by default: one segment is one delivery batch (the server takes up to 5,000). */
    public static final int DEFAULT_SEGMENT_RECORDS = 500;
    private static final String PREFIX = "seg-";
    private static final String SUFFIX = ".jsonl";

    /** A closed segment ready for delivery. */
    public record Segment(Path file, List<String> lines) {
    }

    private final Path dir;
    private final long maxRecords;
    private final int segmentRecords;
    private final Deque<Path> closed = new ArrayDeque<>();
    private final Deque<Integer> closedCounts = new ArrayDeque<>();
    private FileChannel current;
    private Path currentFile;
    private int currentCount;
    private long sequence;
    private long size;
    private long dropped;

    public ResultSpool(Path dir, long maxRecords) {
        this(dir, maxRecords, DEFAULT_SEGMENT_RECORDS);
    }

    /** @param segmentRecords results per delivery batch; at most the server's {@code vigil.agents.max-batch} */
    public ResultSpool(Path dir, long maxRecords, int segmentRecords) {
        this.dir = dir;
        this.maxRecords = maxRecords;
        this.segmentRecords = segmentRecords;
        try {
            Files.createDirectories(dir);
            List<Path> existing;
            try (Stream<Path> files = Files.list(dir)) {
                existing = files.filter(p -> p.getFileName().toString().startsWith(PREFIX)).sorted().toList();
            }
            for (Path p : existing) {
                int count = readLines(p).size();
                sequence = Math.max(sequence, number(p));
                if (count == 0) {
                    Files.delete(p);
                    continue;
                }
                closed.addLast(p);
                closedCounts.addLast(count);
                size += count;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the result spool in " + dir, e);
        }
    }

    /** Appends one result (a JSON object on one line). */
    public synchronized void append(String json) {
        try {
            if (current == null) {
                currentFile = dir.resolve(PREFIX + String.format("%019d", ++sequence) + SUFFIX);
                current = FileChannel.open(currentFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                currentCount = 0;
            }
            ByteBuffer line = ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8));
            while (line.hasRemaining()) {
                current.write(line);
            }
            currentCount++;
            size++;
            if (currentCount >= segmentRecords) {
                closeCurrent();
            }
            while (size > maxRecords && !closed.isEmpty()) {
                int count = closedCounts.removeFirst();
                Files.deleteIfExists(closed.removeFirst());
                size -= count;
                dropped += count;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the result spool in " + dir, e);
        }
    }

    /** The oldest results waiting, as one segment (the open one is closed first if it is all there is). */
    public synchronized Optional<Segment> oldest() {
        try {
            if (closed.isEmpty() && current != null && currentCount > 0) {
                closeCurrent();
            }
            Path file = closed.peekFirst();
            return file == null ? Optional.empty() : Optional.of(new Segment(file, readLines(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the result spool in " + dir, e);
        }
    }

    /** The server has this segment: forget it. */
    public synchronized void delivered(Segment segment) {
        if (!segment.file().equals(closed.peekFirst())) {
            return;
        }
        closed.removeFirst();
        size -= closedCounts.removeFirst();
        try {
            Files.deleteIfExists(segment.file());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + segment.file(), e);
        }
    }

    /** Results waiting for delivery. */
    public synchronized long size() {
        return size;
    }

    /** Results dropped because the spool was full. */
    public synchronized long dropped() {
        return dropped;
    }

    @Override
    public synchronized void close() {
        try {
            if (current != null) {
                current.force(true);
                current.close();
                current = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void closeCurrent() throws IOException {
        current.force(false);
        current.close();
        current = null;
        closed.addLast(currentFile);
        closedCounts.addLast(currentCount);
    }

    /** Complete lines only: a line cut short by a crash mid-write is not a result. */
    private static List<String> readLines(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
            if (nl > start) {
                lines.add(text.substring(start, nl));
            }
            start = nl + 1;
        }
        return lines;
    }

    private static long number(Path p) {
        String name = p.getFileName().toString();
        try {
            return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            return 0;
        }
    }
}
