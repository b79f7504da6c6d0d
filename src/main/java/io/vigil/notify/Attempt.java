package io.vigil.notify;

import io.vigil.egress.HttpExchange;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The outcome of one send: what the receiver answered (or why nothing arrived). Only 2xx is success.
 *
 * @param status     HTTP status (or an SMTP-style code for e-mail), null when no answer arrived
 * @param latencyMs  time from sending to the answer
 * @param response   the first part of the answer, for the delivery log
 * @param error      why it failed, or null when it succeeded
 * @param retryAfter the receiver's {@code Retry-After} on 429/503: the earliest next attempt; null when none
 */
public record Attempt(Integer status, long latencyMs, String response, String error, Duration retryAfter) {

    static final int EXCERPT = 1024;

    public boolean ok() {
        return error == null;
    }

    /** 410 Gone: the receiver asks never to be called again. */
    public boolean gone() {
        return status != null && status == 410;
    }

    public static Attempt ok(Integer status, long latencyMs, String response) {
        return new Attempt(status, latencyMs, excerpt(response), null, null);
    }

    public static Attempt failed(Integer status, long latencyMs, String response, String error) {
        return new Attempt(status, latencyMs, excerpt(response), error, null);
    }

    /** Classifies an HTTP exchange: 2xx succeeds, anything else (redirects included) is a failure to retry. */
    public static Attempt of(HttpExchange exchange, long latencyMs, java.time.Instant now) {
        if (exchange.error() != null) {
            return failed(null, latencyMs, null, exchange.error().errorClass().wire() + ": " + exchange.error().message());
        }
        int status = exchange.status();
        if (status >= 200 && status < 300) {
            return ok(status, latencyMs, exchange.body());
        }
        Duration retryAfter = status == 429 || status == 503
                ? exchange.header("Retry-After").map(v -> parseRetryAfter(v, now)).orElse(null) : null;
        return new Attempt(status, latencyMs, excerpt(exchange.body()), "receiver answered " + status, retryAfter);
    }

    /** {@code Retry-After} as delay-seconds or an HTTP date; null when unreadable. */
    static Duration parseRetryAfter(String value, java.time.Instant now) {
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    static String excerpt(String text) {
        return text == null || text.length() <= EXCERPT ? text : text.substring(0, EXCERPT) + "…";
    }
}
