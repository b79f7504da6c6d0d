package io.vigil.egress;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * egress is the bottom of the house: probes, channels and subscriber webhooks use it, it uses none of them. Read from
 * the sources, so an inline fully-qualified {@code io.vigil.x.Y} name counts as much as an import.
 */
class EgressImportsNoFeatureTest {

    private static final Pattern VIGIL_NAME = Pattern.compile("\\bio\\.vigil\\.([a-z]+)\\b");

    @Test
    void egressNamesNoOtherVigilPackage() throws IOException {
        Path dir = Path.of("src/main/java/io/vigil/egress");
        assertThat(dir).isDirectory();
        List<String> offending;
        try (Stream<Path> files = Files.list(dir)) {
            offending = files.filter(f -> f.toString().endsWith(".java")).flatMap(f -> {
                try {
                    Matcher m = VIGIL_NAME.matcher(Files.readString(f));
                    return m.results().map(r -> r.group(1)).filter(p -> !p.equals("egress"))
                            .map(p -> f.getFileName() + " -> io.vigil." + p).toList().stream();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
        assertThat(offending).isEmpty();
    }
}
