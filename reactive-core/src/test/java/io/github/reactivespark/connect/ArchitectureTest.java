package io.github.reactivespark.connect;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shape of reactive-core, checked on its compiled main classes (not the tests):
 *
 * <ul>
 *   <li>no dependency cycle among its packages, each package on its own (so {@code connect} and
 *       {@code connect.internal.client} are two packages, not parent and child): the public API sits on the session
 *       core and the decoding package, which sit on the leaf packages, and nothing points back up;
 *   <li>the public exceptions carry no gRPC type in a public signature (except the deprecated
 *       {@code grpcStatusCode()} accessors kept for one release);
 *   <li>nothing but the transport knows reactor-grpc.
 * </ul>
 */
class ArchitectureTest {

  /**
   * The main classes, without the generated protocol classes (thousands of them, depending on protobuf alone: they
   * cannot take part in a cycle of ours, and importing them would take most of this test's time).
   */
  private static final JavaClasses CORE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .withImportOption(location -> !location.contains("/connect/internal/proto/"))
      .importPackages("io.github.reactivespark.connect");

  /** Each Java package is one slice. */
  private static final SliceAssignment PACKAGES = new SliceAssignment() {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
      return SliceIdentifier.of(javaClass.getPackageName());
    }

    @Override
    public String getDescription() {
      return "every package of reactive-core";
    }
  };

  @Test
  void importedTheWholeCore() {
    // a typo in the package name would make every rule below pass vacuously
    assertTrue(CORE.contain(SparkSession.class) && CORE.contain(
        io.github.reactivespark.connect.internal.client.ConnectClient.class), "reactive-core's classes were imported");
    assertTrue(CORE.size() > 150, "only " + CORE.size() + " classes imported");
  }

  @Test
  void noCycleAmongPackages() {
    slices().assignedFrom(PACKAGES).should().beFreeOfCycles().check(CORE);
  }

  @Test
  void publicExceptionsCarryNoGrpcTypes() {
    methods().that().areDeclaredInClassesThat().resideInAPackage("io.github.reactivespark.connect.exceptions")
        .and().arePublic().and().areNotAnnotatedWith(Deprecated.class)
        .should(useNoGrpcTypeInTheirSignature())
        .check(CORE);
  }

  @Test
  void onlyTheTransportKnowsReactorGrpc() {
    noClasses().that().doNotHaveFullyQualifiedName(
            "io.github.reactivespark.connect.internal.client.ReactorGrpcTransport")
        .and().resideOutsideOfPackage("io.github.reactivespark.connect.internal.proto")
        .should().dependOnClassesThat().resideInAPackage("com.salesforce.reactorgrpc..")
        .check(CORE);
  }

  private static ArchCondition<JavaMethod> useNoGrpcTypeInTheirSignature() {
    DescribedPredicate<JavaClass> grpc = DescribedPredicate.describe("a gRPC type",
        c -> c.getPackageName().startsWith("io.grpc"));
    return new ArchCondition<>("use no gRPC type in their signature") {
      @Override
      public void check(JavaMethod method, ConditionEvents events) {
        boolean uses = Stream.concat(Stream.of(method.getRawReturnType()), method.getRawParameterTypes().stream())
            .anyMatch(grpc);
        if (uses && !method.getOwner().getModifiers().contains(JavaModifier.SYNTHETIC)) {
          events.add(SimpleConditionEvent.violated(method, method.getFullName() + " exposes a gRPC type"));
        }
      }
    };
  }
}
