package se.servicekontor.videomote.bench.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options; every option read is remembered, so a misspelt one is reported instead of ignored. */
public final class Args {

    private final Map<String, String> values;
    private final Set<String> used = new HashSet<>();

    private Args(Map<String, String> values) {
        this.values = values;
    }

    public static Args parse(String[] argv) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String name = argv[i];
            if (!name.startsWith("--") || i + 1 >= argv.length) {
                throw new IllegalArgumentException("expected --name value, got: " + name);
            }
            values.put(name.substring(2), argv[++i]);
        }
        return new Args(values);
    }

    public String required(String name) {
        used.add(name);
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return value;
    }

    public String string(String name, String fallback) {
        used.add(name);
        return values.getOrDefault(name, fallback);
    }

    public int integer(String name, int fallback) {
        return Integer.parseInt(string(name, Integer.toString(fallback)));
    }

    public long longValue(String name, long fallback) {
        return Long.parseLong(string(name, Long.toString(fallback)));
    }

    public double decimal(String name, double fallback) {
        return Double.parseDouble(string(name, Double.toString(fallback)));
    }

    /** Seconds, written as a plain number ({@code 30}) or with a unit ({@code 30s}, {@code 2m}). */
    public Duration seconds(String name, long fallbackSeconds) {
        String value = string(name, Long.toString(fallbackSeconds)).trim();
        if (value.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
        }
        if (value.endsWith("s")) {
            value = value.substring(0, value.length() - 1);
        }
        return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
    }

    /** A comma-separated list of integers, e.g. {@code 1000,5000}. */
    public List<Integer> integers(String name, String fallback) {
        List<Integer> out = new ArrayList<>();
        for (String part : string(name, fallback).split(",")) {
            if (!part.isBlank()) {
                out.add(Integer.parseInt(part.trim()));
            }
        }
        return out;
    }

    /** Fails on options nobody asked for: a typo must not silently fall back to a default. */
    public void rejectUnused() {
        Set<String> unused = new HashSet<>(values.keySet());
        unused.removeAll(used);
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException("unknown options: " + unused);
        }
    }
}
