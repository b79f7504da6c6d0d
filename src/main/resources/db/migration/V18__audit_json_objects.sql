-- Entries written through the Vert.x driver held their changes (and revision views) as one JSON string instead of an
-- object (the driver sends a Java string for a jsonb parameter as a JSON string). Unwrap them, so the columns can be
-- queried as documents; readers accept both shapes.
UPDATE audit_events SET changes = (changes #>> '{}')::jsonb WHERE jsonb_typeof(changes) = 'string';
UPDATE revisions SET changes = (changes #>> '{}')::jsonb WHERE jsonb_typeof(changes) = 'string';
UPDATE revisions SET view = (view #>> '{}')::jsonb WHERE jsonb_typeof(view) = 'string';
