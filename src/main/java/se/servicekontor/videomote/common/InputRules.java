package se.servicekontor.videomote.common;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Rules every JSON request body obeys, in one place: no text field holds a control character other than tab and line
 * breaks (PostgreSQL refuses NUL; the rest has no business in a name or a note), and every date lies between
 * {@link #EARLIEST} and {@link #LATEST}. A violation answers 400 problem+json naming the field.
 */
@Singleton
public class InputRules implements ObjectMapperCustomizer {

    /** The earliest date the service accepts. */
    public static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);
    /** The latest date the service accepts. */
    public static final LocalDate LATEST = LocalDate.of(2100, 12, 31);

    static final String CONTROL_MESSAGE = "must not contain control characters";
    /** What a field error says about a date out of range. */
    public static final String DATE_MESSAGE = "must be between " + EARLIEST + " and " + LATEST;

    /** Free text in a JSON body may hold tabs and line breaks, nothing else below U+0020. */
    static final String ALLOWED_IN_BODY = "\t\n\r";

    /** A field that breaks one of these rules; the mapper answers 400 with its JSON path. */
    public static class Rejected extends JsonMappingException {
        Rejected(JsonParser p, String message) {
            super(p, message);
        }
    }

    /** True when {@code date} is within the accepted range. */
    public static boolean inRange(LocalDate date) {
        return !date.isBefore(EARLIEST) && !date.isAfter(LATEST);
    }

    /** True when {@code instant} falls on a UTC day within the accepted range. */
    public static boolean inRange(Instant instant) {
        return !instant.isBefore(EARLIEST.atStartOfDay(ZoneOffset.UTC).toInstant())
                && instant.isBefore(LATEST.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    @Override
    public void customize(ObjectMapper mapper) {
        SimpleModule module = new SimpleModule("videomote-input-rules");
        module.addDeserializer(String.class, new CheckedString());
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription desc,
                    JsonDeserializer<?> deserializer) {
                Class<?> type = desc.getBeanClass();
                if (type == LocalDate.class || type == OffsetDateTime.class || type == Instant.class) {
                    return new BoundedDate(deserializer);
                }
                return deserializer;
            }
        });
        mapper.registerModule(module);
    }

    /** Strings as Jackson reads them, refused when they hold a control character. */
    static final class CheckedString extends StdScalarDeserializer<String> {

        CheckedString() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = StringDeserializer.instance.deserialize(p, ctxt);
            if (Text.hasControl(value, ALLOWED_IN_BODY)) {
                throw new Rejected(p, CONTROL_MESSAGE);
            }
            return value;
        }
    }

    /** A date or date-time as the Java time module reads it, refused outside the accepted range. */
    static final class BoundedDate extends DelegatingDeserializer {

        BoundedDate(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new BoundedDate(newDelegatee);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Object value = super.deserialize(p, ctxt);
            boolean ok = value instanceof LocalDate d ? inRange(d)
                    : value instanceof OffsetDateTime t ? inRange(t.toInstant())
                    : !(value instanceof Instant i) || inRange(i);
            if (!ok) {
                throw new Rejected(p, DATE_MESSAGE);
            }
            return value;
        }
    }
}
