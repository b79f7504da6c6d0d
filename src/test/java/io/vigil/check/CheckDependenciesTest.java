package io.vigil.check;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * {@code check} is where the flow starts, so it imports no other feature: what it needs (check types, regions,
 * channels, maintenance, verdicts, data to delete with a check) arrives through interfaces it owns. Shared plumbing
 * is allowed: the root package (configuration), {@code api} (problems, paging, ids) and, of {@code auth}, only the
 * request identity ({@code Caller}, {@code CurrentCaller}, {@code Role}) and the random-token helper {@code Secrets}.
 */
class CheckDependenciesTest {

    private static final Set<String> AUTH_PLUMBING = Set.of("io.vigil.auth.Caller", "io.vigil.auth.CurrentCaller",
            "io.vigil.auth.Role", "io.vigil.auth.Secrets");

    private static final DescribedPredicate<JavaClass> OTHER_FEATURE = resideInAPackage("io.vigil..")
            .and(DescribedPredicate.not(resideInAnyPackage("io.vigil", "io.vigil.check..", "io.vigil.api..")))
            .and(DescribedPredicate.describe("not auth plumbing", c -> !AUTH_PLUMBING.contains(c.getName())));

    @Test
    void checkImportsNoOtherFeature() {
        JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.vigil");
        noClasses().that().resideInAPackage("io.vigil.check..")
                .should().dependOnClassesThat(OTHER_FEATURE)
                .because("check imports no other feature; invert the dependency with an interface check owns")
                .check(main);
    }
}
