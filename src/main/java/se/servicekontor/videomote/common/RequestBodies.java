package se.servicekontor.videomote.common;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import se.servicekontor.videomote.common.Problem.FieldError;

/**
 * Reads a JSON request body into its record so that one 400 names every invalid field. Jackson stops at the first
 * value it cannot read and bean validation runs only on a body that was read, so a body with a bad enum, a bad
 * time and a blank name took three round trips; here each field is read on its own, what cannot be read is
 * reported and left null, bean validation runs on the rest, and the service adds its own checks (unknown time zone,
 * overlapping hours, unknown agency, a date in the past) to the same list before answering.
 */
@ApplicationScoped
public class RequestBodies {

    /** A body read as far as it could be, and every problem found so far. */
    public record Checked<T>(T value, List<FieldError> errors) {

        /** Adds the service's own problems and fails with all of them, if there are any. */
        public T orThrow(List<FieldError> more) {
            List<FieldError> all = new ArrayList<>(errors);
            all.addAll(more);
            if (!all.isEmpty()) {
                all.sort(Comparator.comparing(FieldError::field).thenComparing(FieldError::message));
                throw ApiException.invalid(all);
            }
            return value;
        }

        public T orThrow() {
            return orThrow(List.of());
        }

        /** Whether {@code field} (or a part of it) could not be read or broke a constraint. */
        public boolean failed(String field) {
            return errors.stream().anyMatch(e -> e.field().equals(field) || e.field().startsWith(field + ".")
                    || e.field().startsWith(field + "["));
        }
    }

    private final ObjectMapper json;
    private final Validator validator;

    public RequestBodies(ObjectMapper json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    /** Reads {@code body} as {@code type} and validates it; never throws for invalid input. */
    public <T extends Record> Checked<T> read(JsonNode body, Class<T> type) {
        List<FieldError> errors = new ArrayList<>();
        if (body == null || body.isNull()) {
            errors.add(new FieldError("body", "is required"));
            return new Checked<>(null, errors);
        }
        @SuppressWarnings("unchecked")
        T value = (T) bind(body, type, "", errors);
        if (value != null) {
            for (ConstraintViolation<T> v : validator.validate(value)) {
                String field = ProblemMappers.fieldOf(v.getPropertyPath());
                boolean unread = errors.stream().anyMatch(e -> e.field().equals(field)
                        || field.startsWith(e.field() + ".") || field.startsWith(e.field() + "["));
                if (!unread) {
                    errors.add(new FieldError(field, v.getMessage()));
                }
            }
        }
        return new Checked<>(value, errors);
    }

    private Object bind(JsonNode node, Type type, String path, List<FieldError> errors) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        Class<?> raw = raw(type);
        String field = path.isEmpty() ? "body" : path;
        if (raw.isRecord()) {
            if (!node.isObject()) {
                errors.add(new FieldError(field, "must be an object"));
                return null;
            }
            RecordComponent[] components = raw.getRecordComponents();
            Object[] args = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                String name = path.isEmpty() ? c.getName() : path + "." + c.getName();
                args[i] = bind(node.get(c.getName()), c.getGenericType(), name, errors);
                if (args[i] == null && c.getType().isPrimitive()) {
                    args[i] = c.getType() == boolean.class ? Boolean.FALSE : 0;
                }
            }
            try {
                Constructor<?> canonical = raw.getDeclaredConstructor(
                        Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
                canonical.setAccessible(true);
                return canonical.newInstance(args);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot build " + raw.getSimpleName(), e);
            }
        }
        if (List.class.isAssignableFrom(raw) && type instanceof ParameterizedType p) {
            if (!node.isArray()) {
                errors.add(new FieldError(field, "must be an array"));
                return null;
            }
            List<Object> list = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                list.add(bind(node.get(i), p.getActualTypeArguments()[0], path + "[" + i + "]", errors));
            }
            return list;
        }
        try {
            return json.readerFor(json.constructType(type)).readValue(node);
        } catch (java.io.IOException | IllegalArgumentException e) {
            errors.add(new FieldError(field, message(raw)));
            return null;
        }
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    private static String message(Class<?> type) {
        if (type.isEnum()) {
            return "must be one of " + Arrays.toString(type.getEnumConstants());
        }
        return switch (type.getSimpleName()) {
            case "LocalTime" -> "is not a valid time (HH:mm)";
            case "LocalDate" -> "is not a valid date (yyyy-MM-dd)";
            case "OffsetDateTime", "Instant", "ZonedDateTime" -> "is not a valid date-time with offset (RFC 3339)";
            case "UUID" -> "is not a valid UUID";
            case "Integer", "int", "Long", "long" -> "must be an integer";
            case "Boolean", "boolean" -> "must be true or false";
            case "String" -> "must be a string";
            default -> "is invalid";
        };
    }
}
