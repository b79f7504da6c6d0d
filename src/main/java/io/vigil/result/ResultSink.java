package io.vigil.result;

/** Where the scheduler hands finished results: the server's database ingest, or an agent's uplink to its server. */
public interface ResultSink {

    /** Takes a result for storage or delivery. Thread-safe and non-blocking. */
    void submit(ProbeResult result);
}
