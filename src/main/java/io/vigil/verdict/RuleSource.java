package io.vigil.verdict;

import java.util.UUID;

/** Where the verdict finds the rules of a check. Implemented outside verdict, by a feature that knows checks. */
public interface RuleSource {

    /** The check's current rules, or null when there is no such check (deleted meanwhile). */
    CheckRules rules(UUID checkId);
}
