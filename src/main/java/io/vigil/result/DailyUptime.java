package io.vigil.result;

import java.time.LocalDate;
import java.util.UUID;

/**
 * One check's judged results on one UTC day, all regions together, from the day rollups (never raw results).
 *
 * @param up   results judged up or degraded (the service answered)
 * @param down results judged down
 */
public record DailyUptime(UUID checkId, LocalDate day, long up, long down) {
}
