package se.servicekontor.videomote.common;

/** Readable ids of offices, agencies and services: lower-case words joined by hyphens. */
public final class Slugs {

    public static final String PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$";
    public static final String MESSAGE = "must be lower-case letters and digits joined by single hyphens";

    private Slugs() {
    }
}
