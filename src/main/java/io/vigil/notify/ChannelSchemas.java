package io.vigil.notify;

import io.quarkus.arc.Unremovable;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Discriminator;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * The channel schemas of the served document, one per channel type: {@code SlackChannelRequest},
 * {@code SlackChannelView}, ..., each with the common members and the settings that {@link Channel#settings()} of that
 * type declares, combined as {@value #REQUEST} and {@value #VIEW} by {@code oneOf} with a {@code type} discriminator.
 * Built at startup from the {@link ChannelType} beans, so a new type is described without a hand-kept list.
 */
@OpenApiFilter(OpenApiFilter.RunStage.RUNTIME_STARTUP)
@Singleton
@Unremovable
public class ChannelSchemas implements OASFilter {

    /** The body of {@code POST} and {@code PUT /api/v1/channels}. */
    public static final String REQUEST = "ChannelRequest";
    /** A channel in answers (the schema generated for {@link ChannelView}, replaced). */
    public static final String VIEW = "ChannelView";
    static final String REFS = "#/components/schemas/";

    @Inject
    Channels channels;

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.components(OASFactory.createComponents());
        }
        Components components = openAPI.getComponents();
        Schema request = union("A channel to create or replace: the common members and the settings of its `type`.");
        Schema view = union("A channel: the common members and the settings of its `type`; secret settings are in clear "
                + "in the answer to the create call only, masked afterwards.");
        for (String type : channels.publicTypes()) {
            List<Setting> settings = channels.get(type).settings();
            String prefix = prefix(type);
            components.addSchema(prefix + REQUEST, request(type, settings));
            components.addSchema(prefix + VIEW, view(type, settings));
            request.addOneOf(OASFactory.createSchema().ref(REFS + prefix + REQUEST));
            request.getDiscriminator().addMapping(type, REFS + prefix + REQUEST);
            view.addOneOf(OASFactory.createSchema().ref(REFS + prefix + VIEW));
            view.getDiscriminator().addMapping(type, REFS + prefix + VIEW);
        }
        components.addSchema(REQUEST, request);
        components.addSchema(VIEW, view);
    }

    /** "googlechat" → "Googlechat": the type as the start of a schema name. */
    static String prefix(String type) {
        String name = type.replaceAll("[^A-Za-z0-9]", "");
        return name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
    }

    private static Schema union(String description) {
        Discriminator discriminator = OASFactory.createDiscriminator().propertyName("type");
        return OASFactory.createSchema().description(description).discriminator(discriminator);
    }

    /** What {@link ChannelRequest#parse} and {@link ChannelRequest#checkShape} accept; optional members may be null. */
    static Schema request(String type, List<Setting> settings) {
        Schema s = object("A " + type + " channel to create or replace.")
                .addProperty("type", typeName(type))
                .addProperty("name", text().maxLength(ChannelRequest.MAX_NAME))
                .addProperty("isDefault", nullable(bool().description("notified by checks that name no channel; default false")))
                .addProperty("events", nullable(events().description("default: every event type")))
                .addProperty("tags", nullable(texts().description("also notified by checks sharing one of these tags; default none")))
                .addProperty("delayMinutes", nullable(integer(0, ChannelRequest.MAX_DELAY_MINUTES)
                        .description("announce an outage only once it has lasted this long; default 0")))
                .addProperty("remindMinutes", nullable(integer(1, ChannelRequest.MAX_DELAY_MINUTES)
                        .description("a \"still down\" reminder this often while an incident is open; default none")))
                .addProperty("groupSeconds", nullable(integer(0, 3600)
                        .description("gather further outage announcements this long into one message; default: the global window")))
                .addProperty("enabled", nullable(bool().description("default true")))
                .addRequired("type").addRequired("name")
                .additionalPropertiesBoolean(false);
        for (Setting setting : settings) {
            Schema p = setting(setting);
            if (setting.secret()) {
                p.description("secret: stored encrypted, shown in clear only in the answer to the create call; left out "
                        + "of a replacement, the stored value is kept" + (setting.required() ? " (required on create)" : ""));
            }
            if (setting.required() && !setting.secret()) {
                s.addRequired(setting.name());
            }
            s.addProperty(setting.name(), setting.required() ? p : nullable(p));
        }
        return s;
    }

    /** What {@link ChannelView} writes: every common member always (some null), the settings given. */
    static Schema view(String type, List<Setting> settings) {
        Schema s = object("A " + type + " channel.")
                .addProperty("id", OASFactory.createSchema().addType(SchemaType.STRING).format("uuid"))
                .addProperty("type", typeName(type))
                .addProperty("name", text())
                .addProperty("isDefault", bool())
                .addProperty("events", events())
                .addProperty("tags", texts())
                .addProperty("delayMinutes", integer(0, ChannelRequest.MAX_DELAY_MINUTES))
                .addProperty("remindMinutes", nullable(integer(1, ChannelRequest.MAX_DELAY_MINUTES)))
                .addProperty("groupSeconds", nullable(integer(0, 3600)))
                .addProperty("enabled", bool())
                .addProperty("disabledReason", nullable(OASFactory.createSchema().addType(SchemaType.STRING)
                        .description("why the relay disabled the channel (410 Gone, or failing too long); null while enabled")))
                .addProperty("createdAt", instant())
                .addProperty("updatedAt", instant());
        for (String member : List.of("id", "type", "name", "isDefault", "events", "tags", "delayMinutes", "remindMinutes",
                "groupSeconds", "enabled", "disabledReason", "createdAt", "updatedAt")) {
            s.addRequired(member);
        }
        for (Setting setting : settings) {
            Schema p = setting(setting);
            if (setting.secret()) {
                // Masked, a secret is any string: "https://host/…" or "••••••".
                p = OASFactory.createSchema().addType(SchemaType.STRING).description("secret: in clear in the answer to "
                        + "the create call, masked afterwards (`https://host/…` for a URL, `••••••` otherwise)");
            }
            s.addProperty(setting.name(), p);
            if (setting.required()) {
                s.addRequired(setting.name());
            }
        }
        return s;
    }

    static Schema setting(Setting setting) {
        return switch (setting.kind()) {
            case TEXT -> text();
            case TEXT_LIST -> OASFactory.createSchema().addType(SchemaType.ARRAY)
                    .items(OASFactory.createSchema().addType(SchemaType.STRING));
            case TEXT_MAP -> OASFactory.createSchema().addType(SchemaType.OBJECT)
                    .additionalPropertiesSchema(OASFactory.createSchema().addType(SchemaType.STRING));
            case INTEGER -> OASFactory.createSchema().addType(SchemaType.INTEGER).format("int64");
        };
    }

    private static Schema object(String description) {
        return OASFactory.createSchema().addType(SchemaType.OBJECT).description(description);
    }

    private static Schema typeName(String type) {
        return OASFactory.createSchema().addType(SchemaType.STRING).addEnumeration(type);
    }

    private static Schema text() {
        return OASFactory.createSchema().addType(SchemaType.STRING).minLength(1);
    }

    private static Schema texts() {
        return OASFactory.createSchema().addType(SchemaType.ARRAY).items(text());
    }

    private static Schema bool() {
        return OASFactory.createSchema().addType(SchemaType.BOOLEAN);
    }

    private static Schema events() {
        Schema event = OASFactory.createSchema().addType(SchemaType.STRING);
        Notification.TYPES.forEach(event::addEnumeration);
        return OASFactory.createSchema().addType(SchemaType.ARRAY).items(event);
    }

    private static Schema integer(int min, int max) {
        return OASFactory.createSchema().addType(SchemaType.INTEGER).format("int32")
                .minimum(BigDecimal.valueOf(min)).maximum(BigDecimal.valueOf(max));
    }

    private static Schema instant() {
        return OASFactory.createSchema().addType(SchemaType.STRING).format("date-time");
    }

    /** Also null (OpenAPI 3.1: {@code type: [x, "null"]}). */
    private static Schema nullable(Schema schema) {
        return schema.addType(SchemaType.NULL);
    }
}
