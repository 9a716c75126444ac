package dev.nines.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.time.TimeSource;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/**
 * Checks the module boundary of {@code dev.nines.core}: every package is exported except
 * {@code internal}, which only the sibling modules read, and an application module really cannot
 * import it (compiled here with the JDK's compiler against the built module).
 */
class ModuleBoundaryTest {

    private static final String INTERNAL = "dev.nines.core.internal";

    private static Path location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static ModuleDescriptor core() throws URISyntaxException {
        ModuleReference reference = ModuleFinder.of(location(TimeSource.class))
                .find("dev.nines.core")
                .orElseThrow(() -> new AssertionError("no module dev.nines.core at the location of TimeSource"));
        return reference.descriptor();
    }

    @Test
    void everyPackageButInternalIsExportedToAllAndInternalOnlyToTheSiblings() throws Exception {
        ModuleDescriptor core = core();
        Set<String> exportedToAll = core.exports().stream()
                .filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> expected = new TreeSet<>(core.packages());
        expected.remove(INTERNAL);
        assertThat(exportedToAll)
                .as("a new package must be exported in module-info.java")
                .isEqualTo(expected);
        assertThat(core.exports())
                .filteredOn(e -> e.source().equals(INTERNAL))
                .singleElement()
                .satisfies(e -> assertThat(e.targets())
                        .containsExactlyInAnyOrder("dev.nines.slo", "dev.nines.failover", "dev.nines.capacity"));
    }

    @Test
    void anApplicationModuleCannotImportInternalButCanImportTheApi(@TempDir Path dir) throws Exception {
        assertThat(compile(dir.resolve("api"), "dev.nines.core.time.TimeSource"))
                .as("the API compiles")
                .isEmpty();
        assertThat(compile(dir.resolve("internal"), INTERNAL + ".Arguments"))
                .contains("package " + INTERNAL + " is not visible");
    }

    /** Compiles a one-class application module that imports {@code type}; returns the diagnostics. */
    private static String compile(Path dir, String type) throws IOException, URISyntaxException {
        Path source = dir.resolve("src");
        Files.createDirectories(source.resolve("app"));
        Files.writeString(source.resolve("module-info.java"), "module app { requires dev.nines.core; }\n");
        Files.writeString(
                source.resolve("app/App.java"), "package app;\nimport " + type + ";\npublic class App {\n}\n");
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        String modulePath = location(TimeSource.class) + File.pathSeparator + location(Logger.class);
        int status = compiler.run(
                null,
                diagnostics,
                diagnostics,
                "-d",
                dir.resolve("out").toString(),
                "--module-path",
                modulePath,
                source.resolve("module-info.java").toString(),
                source.resolve("app/App.java").toString());
        return status == 0 ? "" : diagnostics.toString(StandardCharsets.UTF_8);
    }
}
