package io.vigil;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.enterprise.context.NormalScope;
import jakarta.inject.Inject;
import jakarta.inject.Scope;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/** The rules of the house (docs/architecture.md), checked on the compiled main classes and their sources. */
class ArchitectureTest {

    private static final Path MAIN = Path.of("src/main/java/io/vigil");
    private static final int MAX_LINES = 400;
    /** The shared kernel: value types used at the seams by several features. */
    private static final String KERNEL = "io.vigil.core";
    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.vigil");
    }

    @Test
    void featurePackagesFormNoCycle() {
        slices().matching("io.vigil.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void nothingImportsTheConsole() {
        noClasses().that().resideOutsideOfPackage("io.vigil.console..")
                .should().dependOnClassesThat().resideInAPackage("io.vigil.console..")
                .because("the console is a client of the features' services, at the end of the flow").check(classes);
    }

    @Test
    void consoleNeverReadsRawResultsItself() throws IOException {
        assertThat(sources("console").filter(f -> read(f).contains("check_results")).toList()).isEmpty();
    }

    @Test
    void egressImportsNoFeature() {
        importsOnlyItselfAndTheKernel("egress");
    }

    @Test
    void verdictImportsNoFeature() {
        importsOnlyItselfAndTheKernel("verdict");
    }

    /** The shared kernel: value types for the seams between features, depending on nothing of Vigil's. */
    @Test
    void kernelImportsNothingOfVigil() {
        noClasses().that().resideInAPackage(KERNEL + "..")
                .should().dependOnClassesThat(DescribedPredicate.describe("are part of Vigil outside the kernel",
                        c -> inVigil(c) && !c.getPackageName().startsWith(KERNEL)))
                .check(classes);
    }

    @Test
    void kernelHoldsNoBeans() {
        noClasses().that().resideInAPackage(KERNEL + "..")
                .should().beMetaAnnotatedWith(Scope.class).orShould().beMetaAnnotatedWith(NormalScope.class)
                .because("the kernel holds value types; beans belong to a feature")
                .check(classes);
        noFields().that().areDeclaredInClassesThat().resideInAPackage(KERNEL + "..").should().beAnnotatedWith(Inject.class)
                .check(classes);
    }

    private static void importsOnlyItselfAndTheKernel(String feature) {
        String own = "io.vigil." + feature;
        noClasses().that().resideInAPackage(own + "..")
                .should().dependOnClassesThat(DescribedPredicate.describe("outside " + feature + " and the kernel",
                        c -> inVigil(c) && !c.getPackageName().startsWith(own) && !c.getPackageName().startsWith(KERNEL)))
                .check(classes);
    }

    private static boolean inVigil(JavaClass c) {
        return c.getPackageName().equals("io.vigil") || c.getPackageName().startsWith("io.vigil.");
    }

    @Test
    void probeNeverReachesIncidentsOrNotifications() {
        noClasses().that().resideInAPackage("io.vigil.probe..")
                .should().transitivelyDependOnClassesThat().resideInAnyPackage("io.vigil.incident..", "io.vigil.notify..")
                .check(classes);
    }

    /**
     * check is where the flow starts: what it needs (check types, regions, channels, maintenance, verdicts, data to
     * delete with a check) arrives through interfaces it owns. Shared plumbing is allowed: the root package
     * (configuration), the kernel (statuses, quorum), api (problems, paging, ids) and, of auth, only the request
     * identity and the token helper.
     */
    @Test
    void checkImportsNoOtherFeature() {
        Set<String> authPlumbing = Set.of("io.vigil.auth.Caller", "io.vigil.auth.CurrentCaller", "io.vigil.auth.Role",
                "io.vigil.auth.Secrets", "io.vigil.auth.Access", "io.vigil.auth.Access$Scope");
        DescribedPredicate<JavaClass> otherFeature = resideInAPackage("io.vigil..")
                .and(DescribedPredicate.not(resideInAnyPackage("io.vigil", "io.vigil.check..", "io.vigil.api..", KERNEL + "..")))
                .and(DescribedPredicate.describe("not auth plumbing", c -> !authPlumbing.contains(c.getName())));
        noClasses().that().resideInAPackage("io.vigil.check..").should().dependOnClassesThat(otherFeature)
                .because("check imports no other feature; invert the dependency with an interface check owns")
                .check(classes);
    }

    @Test
    void everyApiRouteDeclaresWhoMayCallIt() {
        List<String> bare = new ArrayList<>();
        for (JavaClass c : classes) {
            if (!c.isAnnotatedWith(jakarta.ws.rs.Path.class)
                    || !c.getAnnotationOfType(jakarta.ws.rs.Path.class).value().startsWith("/api/v1")) {
                continue;
            }
            c.getMethods().stream()
                    .filter(m -> m.getAnnotations().stream().anyMatch(a -> a.getRawType().isAnnotatedWith(jakarta.ws.rs.HttpMethod.class)))
                    .filter(m -> !m.isAnnotatedWith(io.vigil.auth.Access.class))
                    .forEach(m -> bare.add(c.getSimpleName() + "." + m.getName()));
        }
        assertThat(bare).as("API routes without @Access").isEmpty();
    }

    @Test
    void scheduleDoesNotKnowAgentMode() {
        noClasses().that().resideInAPackage("io.vigil.schedule..")
                .should().dependOnClassesThat().resideInAPackage("io.vigil.agent..").check(classes);
    }

    @Test
    void statusPagesNeverReadRawResults() throws IOException {
        assertThat(sources("statuspage").filter(f -> read(f).contains("check_results")).toList()).isEmpty();
    }

    @Test
    void mainFilesStayShort() throws IOException {
        assertThat(sources("").filter(f -> read(f).lines().count() > MAX_LINES).toList()).isEmpty();
    }

    @Test
    void noInlineQualifiedNamesHideADependency() throws IOException {
        Pattern inline = Pattern.compile("^(?!import |package ).*\\bio\\.vigil\\.[a-z]+\\.[A-Za-z]", Pattern.MULTILINE);
        assertThat(sources("").filter(f -> inline.matcher(read(f)).find()).toList()).isEmpty();
    }

    private static Stream<Path> sources(String feature) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(MAIN.resolve(feature))) {
            files = walk.filter(f -> f.toString().endsWith(".java")).toList();
        }
        return files.stream();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
