package io.vigil.verdict;

import java.util.UUID;

/**
 * Fired (CDI event) after a change to what a check shows publicly was committed: a verdict transition, or an
 * incident opened, updated or resolved ({@code checkId} null for an incident without a check). Caches of public
 * pages drop what they hold of it.
 */
public record StatusChanged(UUID checkId) {
}
