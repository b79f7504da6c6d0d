package io.vigil.statuspage.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The documents of the Atlassian Statuspage v2 public API, member for member: existing widgets and integrations read
 * them unchanged. Names are explicit (snake_case) because the rest of the API is camelCase; nulls are written, as
 * Statuspage writes them. Timestamps are ISO-8601 strings with an offset ({@code 2026-11-21T10:00:00.123Z}).
 */
public final class StatuspageDocuments {

    private StatuspageDocuments() {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Page(@JsonProperty("id") String id, @JsonProperty("name") String name, @JsonProperty("url") String url,
                       @JsonProperty("time_zone") String timeZone, @JsonProperty("updated_at") String updatedAt) {
    }

    /** {@code indicator}: none, minor, major or critical; {@code description}: the banner. */
    public record Status(@JsonProperty("indicator") String indicator, @JsonProperty("description") String description) {
    }

    /**
     * A component, or a group of components ({@code group: true}, its members' ids in {@code components}, its status
     * the worst of theirs). Members of a group name it in {@code group_id}.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Component(@JsonProperty("id") String id, @JsonProperty("name") String name,
                            @JsonProperty("status") String status, @JsonProperty("created_at") String createdAt,
                            @JsonProperty("updated_at") String updatedAt, @JsonProperty("position") int position,
                            @JsonProperty("description") String description, @JsonProperty("showcase") boolean showcase,
                            @JsonProperty("start_date") String startDate, @JsonProperty("group_id") String groupId,
                            @JsonProperty("page_id") String pageId, @JsonProperty("group") boolean group,
                            @JsonProperty("only_show_if_degraded") boolean onlyShowIfDegraded,
                            @JsonProperty("components") @JsonInclude(JsonInclude.Include.NON_NULL) List<String> components) {
    }

    /** {@code affected_components} is always null: Vigil's updates do not record per-component status changes. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record IncidentUpdate(@JsonProperty("id") String id, @JsonProperty("status") String status,
                                 @JsonProperty("body") String body, @JsonProperty("incident_id") String incidentId,
                                 @JsonProperty("created_at") String createdAt, @JsonProperty("updated_at") String updatedAt,
                                 @JsonProperty("display_at") String displayAt,
                                 @JsonProperty("affected_components") List<Object> affectedComponents,
                                 @JsonProperty("deliver_notifications") boolean deliverNotifications,
                                 @JsonProperty("custom_tweet") String customTweet, @JsonProperty("tweet_id") String tweetId) {
    }

    /**
     * An incident ({@code status}: investigating, identified, monitoring, resolved or postmortem; {@code impact}: none,
     * minor, major or critical), or a scheduled maintenance ({@code status}: scheduled, in_progress, verifying or
     * completed; {@code impact} maintenance) which adds {@code scheduled_for} and {@code scheduled_until}.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Incident(@JsonProperty("id") String id, @JsonProperty("name") String name,
                           @JsonProperty("status") String status, @JsonProperty("created_at") String createdAt,
                           @JsonProperty("updated_at") String updatedAt, @JsonProperty("monitoring_at") String monitoringAt,
                           @JsonProperty("resolved_at") String resolvedAt, @JsonProperty("impact") String impact,
                           @JsonProperty("shortlink") String shortlink, @JsonProperty("started_at") String startedAt,
                           @JsonProperty("page_id") String pageId,
                           @JsonProperty("incident_updates") List<IncidentUpdate> incidentUpdates,
                           @JsonProperty("components") List<Component> components) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ScheduledMaintenance(@JsonProperty("id") String id, @JsonProperty("name") String name,
                                       @JsonProperty("status") String status, @JsonProperty("created_at") String createdAt,
                                       @JsonProperty("updated_at") String updatedAt,
                                       @JsonProperty("monitoring_at") String monitoringAt,
                                       @JsonProperty("resolved_at") String resolvedAt, @JsonProperty("impact") String impact,
                                       @JsonProperty("shortlink") String shortlink, @JsonProperty("started_at") String startedAt,
                                       @JsonProperty("page_id") String pageId,
                                       @JsonProperty("incident_updates") List<IncidentUpdate> incidentUpdates,
                                       @JsonProperty("components") List<Component> components,
                                       @JsonProperty("scheduled_for") String scheduledFor,
                                       @JsonProperty("scheduled_until") String scheduledUntil) {
    }

    /** {@code summary.json}. */
    public record Summary(@JsonProperty("page") Page page, @JsonProperty("components") List<Component> components,
                          @JsonProperty("incidents") List<Incident> incidents,
                          @JsonProperty("scheduled_maintenances") List<ScheduledMaintenance> scheduledMaintenances,
                          @JsonProperty("status") Status status) {
    }

    /** {@code status.json}. */
    public record StatusDocument(@JsonProperty("page") Page page, @JsonProperty("status") Status status) {
    }

    /** {@code components.json}. */
    public record Components(@JsonProperty("page") Page page, @JsonProperty("components") List<Component> components) {
    }

    /** {@code incidents.json} and {@code incidents/unresolved.json}. */
    public record Incidents(@JsonProperty("page") Page page, @JsonProperty("incidents") List<Incident> incidents) {
    }

    /** {@code scheduled-maintenances.json} and its {@code upcoming} / {@code active} subsets. */
    public record ScheduledMaintenances(@JsonProperty("page") Page page,
                                        @JsonProperty("scheduled_maintenances") List<ScheduledMaintenance> scheduledMaintenances) {
    }
}
