package io.vigil.check;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A check definition as stored. Never leaves the service layer: the API speaks {@link CheckView}. */
@Entity
@Table(name = "checks")
public class Check extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "workspace_id", nullable = false)
    public UUID workspaceId;
    @Column(nullable = false, columnDefinition = "text")
    public String name;
    @Column(nullable = false, columnDefinition = "text")
    public String type;
    @Column(columnDefinition = "text")
    public String url;
    @Column(nullable = false, columnDefinition = "text")
    public String method;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, String> headers;
    @Column(columnDefinition = "text")
    public String body;
    @Column(name = "interval_seconds", nullable = false)
    public int intervalSeconds;
    @Column(name = "timeout_ms", nullable = false)
    public int timeoutMs;
    @Column(name = "follow_redirects", nullable = false)
    public boolean followRedirects;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    public List<String> regions;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    public List<String> assertions;
    @Column(name = "degraded_after_ms")
    public Integer degradedAfterMs;
    @Column(name = "failure_threshold", nullable = false)
    public int failureThreshold;
    @Column(name = "success_threshold", nullable = false)
    public int successThreshold;
    @Column(columnDefinition = "text")
    public String quorum;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    public List<String> tags;
    @Column(nullable = false)
    public boolean paused;
    @Column(name = "parent_id")
    public UUID parentId;
    /** Channel ids as text (the one array binding Hibernate Reactive handles here); validated as UUIDs on save. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "channel_ids", nullable = false, columnDefinition = "text[]")
    public List<String> channelIds;
    @Column(name = "period_seconds")
    public Integer periodSeconds;
    @Column(name = "grace_seconds")
    public Integer graceSeconds;
    @Column(name = "ping_token", columnDefinition = "text")
    public String pingToken;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
