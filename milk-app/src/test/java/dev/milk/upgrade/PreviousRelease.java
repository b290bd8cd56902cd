package dev.milk.upgrade;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assumptions;

import dev.milk.processes.ChildProcesses;

/**
 * Milk's jar as the release before this commit's migrations built it: the newest commit on
 * {@code HEAD}'s first-parent chain (from {@code HEAD^1}; on main, the commits merged onto one
 * another) whose versioned migrations ({@value #SCHEMA}) differ from {@code HEAD}'s, compared by
 * name, so its writer does not know the migrations {@code HEAD} runs; {@code HEAD^1} when none
 * differs (the schema never changed). Exported with {@code git archive} into a temporary folder and
 * packaged there with the Maven wrapper, offline first. Kept by commit hash under
 * {@code ~/.cache/milk/previous-release/} (or {@code $XDG_CACHE_HOME}), so a second run, or a CI
 * run of the next commit's clean clone, builds nothing. No parent, no git, or a commit that does
 * not build: the caller's test is aborted with the reason, reported as skipped, never passed.
 */
final class PreviousRelease {

    /** Where the migrations live: what a previous release must not hold all of. */
    static final String SCHEMA = "milk-writes/src/main/resources/dev/milk/schema";
    private static final int KEPT = 3;
    private static final Duration BUILD_PATIENCE = Duration.ofMinutes(30);

    /** The short hash and jar of the previous release, and why that commit is the one. */
    record Jar(String commit, Path path, String why) {
    }

    /** A commit and why it was chosen. */
    private record Choice(String commit, String why) {
    }

    private PreviousRelease() {
    }

    /** @param log where the build's output goes */
    static Jar jar(Path log) throws IOException {
        Path here = Path.of("").toAbsolutePath();
        String top = new Git(here, log).output("rev-parse", "--show-toplevel");
        skipUnless(top != null, () -> "no previous release to run: " + here
                + " is not in a git repository (a source archive?); see " + log);
        // At the top: git archive in a subfolder would export only that folder.
        Git git = new Git(Path.of(top), log);
        String head = git.output("rev-parse", "--short=12", "HEAD");
        String parent = git.output("rev-parse", "--verify", "--quiet", "HEAD^1^{commit}");
        skipUnless(parent != null, () -> "no previous release to run: HEAD (" + head
                + ") has no parent commit (a shallow clone?)");
        Choice chosen = choose(git, parent);
        String commit = chosen.commit().substring(0, 12);
        Path cached = cache().resolve(chosen.commit() + ".jar");
        if (Files.isRegularFile(cached)) {
            Files.setLastModifiedTime(cached, FileTime.from(Instant.now()));
            return new Jar(commit, cached, chosen.why());
        }
        Path source = Files.createTempDirectory("milk-previous-" + commit + "-");
        try {
            Path tar = source.resolve("source.tar");
            skipUnless(git.run("archive", "--format=tar", "--output=" + tar, chosen.commit()),
                    () -> "no previous release to run: git archive of " + commit + " failed; see " + log);
            run(List.of("tar", "-xf", tar.toString(), "-C", source.toString()), source, log, Duration.ofMinutes(5));
            Files.delete(tar);
            boolean built = build(source, log, true) || build(source, log, false);
            Path jar = source.resolve("milk-app/target/milk.jar");
            skipUnless(built && Files.isRegularFile(jar), () -> "no previous release to run: commit " + commit
                    + " (" + chosen.why() + ") does not build milk-app/target/milk.jar with its Maven wrapper; the end of "
                    + log + ":\n" + ChildProcesses.tail(log));
            Files.createDirectories(cached.getParent());
            Path partial = Files.createTempFile(cached.getParent(), chosen.commit(), ".part");
            Files.copy(jar, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            prune(cached.getParent());
            return new Jar(commit, cached, chosen.why());
        } finally {
            delete(source);
        }
    }

    /**
     * The newest commit of the first-parent chain from {@code parent} whose versioned migrations
     * ({@code V*} in {@value #SCHEMA}) are not HEAD's (other files, or none), else {@code parent}.
     * Names, not contents: a commit that only edited a migration HEAD has too (an issue's own, not
     * released yet) or the repeatable grants is the same release, whose writer knows HEAD's migrations.
     */
    private static Choice choose(Git git, String parent) throws IOException {
        String migrations = versionedMigrations(git, "HEAD");
        String listed = git.output("rev-list", "--first-parent", parent);
        List<String> chain = listed == null ? List.of(parent) : listed.lines().toList();
        for (int back = 0; back < chain.size(); back++) {
            String commit = chain.get(back);
            if (!Objects.equals(migrations, versionedMigrations(git, commit))) {
                String changed = git.output("diff", "--name-only", commit, "HEAD", "--", SCHEMA);
                return new Choice(commit, String.format("HEAD~%d, the newest commit on HEAD's first-parent chain whose"
                        + " migrations differ from HEAD's (since then: %s)", back + 1, changed == null ? "?"
                        : changed.lines().map(path -> path.substring(path.lastIndexOf('/') + 1))
                                .collect(Collectors.joining(", "))));
            }
        }
        return new Choice(parent, "HEAD's first parent: none of the " + chain.size()
                + " commits of HEAD's first-parent chain here has migrations other than HEAD's");
    }

    /** The names of the commit's versioned migrations, or null when it has no schema folder. */
    private static String versionedMigrations(Git git, String commit) throws IOException {
        String names = git.output("ls-tree", "--name-only", commit + ":" + SCHEMA);
        return names == null ? null : names.lines().filter(name -> name.startsWith("V")).sorted()
                .collect(Collectors.joining(","));
    }

    /**
     * Aborts the caller's test, reported as skipped, unless {@code condition}; the reason also goes
     * to the build's output, where a skipped test's reason is otherwise easy to miss.
     */
    private static void skipUnless(boolean condition, Supplier<String> reason) {
        if (!condition) {
            String why = reason.get();
            System.out.println("RollingUpdateIT skipped: " + why);
            Assumptions.abort(why);
        }
    }

    /** Packages milk-app and what it needs, without the tests (the previous release passed them). */
    private static boolean build(Path source, Path log, boolean offline) throws IOException {
        List<String> command = new ArrayList<>(List.of("sh", "mvnw", "-q", "-B", "package", "-DskipTests",
                "-Dmaven.test.skip=true", "-Dmilk.standalone=false", "-pl", "milk-app", "-am"));
        if (offline) {
            command.add(2, "-o");
        }
        Files.writeString(log, "\n$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return run(command, source, log, BUILD_PATIENCE);
    }

    private static boolean run(List<String> command, Path directory, Path log, Duration patience) throws IOException {
        var builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // The JDK this test runs on builds the previous release, as the Maven wrapper would be told to.
        builder.environment().put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
        // The outer build's wrapper names its own checkout here; the inner one finds its own.
        builder.environment().remove("MAVEN_PROJECTBASEDIR");
        Process process = builder.start();
        try {
            if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                return false;
            }
            return process.exitValue() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException(e);
        }
    }

    private static Path cache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path root = xdg == null || xdg.isBlank() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(xdg);
        return root.resolve("milk").resolve("previous-release");
    }

    /** Keeps the jars of the last few previous releases used: each is tens of megabytes. */
    private static void prune(Path cache) throws IOException {
        try (var jars = Files.list(cache)) {
            List<Path> oldestLast = jars.filter(p -> p.toString().endsWith(".jar"))
                    .sorted(Comparator.comparing(PreviousRelease::modified).reversed()).toList();
            for (Path old : oldestLast.subList(Math.min(KEPT, oldestLast.size()), oldestLast.size())) {
                Files.deleteIfExists(old);
            }
        }
    }

    private static FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static void delete(Path folder) throws IOException {
        try (var paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** git in the test's working folder; a failed command is null or false, with its output in the log. */
    private record Git(Path directory, Path log) {

        String output(String... arguments) throws IOException {
            List<String> command = new ArrayList<>(List.of("git"));
            command.addAll(List.of(arguments));
            Process process;
            try {
                process = new ProcessBuilder(command).directory(directory.toFile())
                        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            } catch (IOException e) {
                return null;   // no git on this machine
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            try {
                return process.waitFor() == 0 && !out.isEmpty() ? out : null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        boolean run(String... arguments) throws IOException {
            List<String> command = new ArrayList<>(List.of("git"));
            command.addAll(List.of(arguments));
            return PreviousRelease.run(command, directory, log, Duration.ofMinutes(5));
        }
    }
}
