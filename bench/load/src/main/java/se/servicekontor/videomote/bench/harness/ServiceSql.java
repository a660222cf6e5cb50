package se.servicekontor.videomote.bench.harness;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The service's own SQL statements, read from the very jar the benchmark runs ({@code target/quarkus-app}), so that a
 * pgbench baseline "of the same statements" executes their exact text and can never drift from the service. The
 * constants are read by reflection from the service's classes in a class loader of their own (the service's
 * dependencies, not the load generator's); nothing of the service is started.
 *
 * <p>Statements use the reactive client's {@code $1, $2, ...} parameters. {@link #bind} turns them into what a pgbench
 * script can run: each parameter becomes a pgbench variable ({@code :name}, sent as a parameter of the prepared
 * statement, as the service sends it) or an SQL expression (e.g. {@code now()} for the request's clock).
 */
public final class ServiceSql implements AutoCloseable {

    private static final Pattern PARAMETER = Pattern.compile("\\$(\\d+)(?!\\d)");

    private final URLClassLoader loader;

    private ServiceSql(URLClassLoader loader) {
        this.loader = loader;
    }

    /** The service's classes from {@code quarkusApp} ({@code target/quarkus-app}): {@code app/*.jar} and {@code lib/main}. */
    public static ServiceSql load(Path quarkusApp) throws IOException {
        List<URL> urls = new ArrayList<>();
        for (String dir : List.of("app", "lib/main")) {
            try (Stream<Path> jars = Files.list(quarkusApp.resolve(dir))) {
                for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                    urls.add(url(jar));
                }
            }
        }
        if (urls.isEmpty()) {
            throw new IOException("no service jars under " + quarkusApp);
        }
        return new ServiceSql(new URLClassLoader("videomote-service", urls.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader()));
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A {@code static final String} of a service class, e.g. {@code ("visits.VisitQueries", "CANDIDATES")}. */
    public String constant(String className, String field) {
        Object value = staticField(className, field);
        if (!(value instanceof String s)) {
            throw new IllegalStateException(className + "." + field + " is not a String");
        }
        return s;
    }

    /**
     * Like {@link #constant(String, String)} from the first of {@code classNames} that has the class: a statement that
     * moved between classes is read from the build's own (e.g. "next" moved to NextVisitQueries in issue 10).
     */
    public String constant(List<String> classNames, String field) {
        IllegalStateException missing = null;
        for (String className : classNames) {
            try {
                return constant(className, field);
            } catch (IllegalStateException e) {
                missing = e;
            }
        }
        throw missing;
    }

    /** A {@code static final int} of a service class. */
    public int integer(String className, String field) {
        if (!(staticField(className, field) instanceof Integer value)) {
            throw new IllegalStateException(className + "." + field + " is not an int");
        }
        return value;
    }

    /** A {@code static} map of a service class keyed by an enum, by the enum constants' names. */
    public Map<String, String> constants(String className, String field) {
        Object value = staticField(className, field);
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalStateException(className + "." + field + " is not a Map");
        }
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k.toString(), (String) v));
        return out;
    }

    private Object staticField(String className, String field) {
        String name = "se.servicekontor.videomote." + className;
        try {
            Class<?> type = Class.forName(name, true, loader);
            Field f = type.getDeclaredField(field);
            f.setAccessible(true);
            return f.get(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("cannot read " + name + "." + field + " from the service jar: " + e, e);
        }
    }

    /**
     * {@code statement} with every {@code $n} replaced by {@code parameters.apply(n)}: a pgbench variable such as
     * {@code :officer} or an SQL expression. Fails on a parameter without a replacement, so that a statement whose
     * parameters changed in the service cannot be run with the wrong ones silently.
     */
    public static String bind(String statement, Function<Integer, String> parameters) {
        Matcher m = PARAMETER.matcher(statement);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int n = Integer.parseInt(m.group(1));
            String replacement = parameters.apply(n);
            if (replacement == null) {
                throw new IllegalStateException("no value for parameter $" + n + " of: " + statement);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** {@link #bind} with the replacements of {@code $1, $2, ...} in order; fails unless every one is used. */
    public static String bind(String statement, String... parameters) {
        boolean[] used = new boolean[parameters.length];
        String out = bind(statement, n -> {
            if (n < 1 || n > parameters.length) {
                return null;
            }
            used[n - 1] = true;
            return parameters[n - 1];
        });
        for (int i = 0; i < used.length; i++) {
            if (!used[i]) {
                throw new IllegalStateException("parameter $" + (i + 1) + " is not in the statement: " + statement);
            }
        }
        return out;
    }

    /** The highest {@code $n} in a statement: a check that the service still passes as many parameters as assumed. */
    public static int parameters(String statement) {
        Matcher m = PARAMETER.matcher(statement);
        int max = 0;
        while (m.find()) {
            max = Math.max(max, Integer.parseInt(m.group(1)));
        }
        return max;
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }
}
