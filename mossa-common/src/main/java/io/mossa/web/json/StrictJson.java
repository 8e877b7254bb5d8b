package io.mossa.web.json;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

import io.mossa.web.input.StorableText;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.deser.jdk.NumberDeserializers;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * How every MOSSA service reads JSON from clients: exactly what the schema says, or a 400 naming the field.
 * A number or boolean is not a string, a fraction is not an integer ({@code 1.9} never silently runs layer 1),
 * a number out of its type's range, a duplicate key, an unknown field, a null inside an array and a number
 * that overflows to infinity are refused, and so is text that could not be stored unchanged
 * ({@link StorableText}). Only reading is affected; what the services write is unchanged.
 */
public final class StrictJson {

    private static final JsonMapper MAPPER = configure(JsonMapper.builder()).build();

    private StrictJson() {
    }

    /** A strict mapper for code that reads client JSON outside Spring MVC's message conversion. */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static JsonMapper.Builder configure(JsonMapper.Builder builder) {
        return builder
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                        DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Integer, config -> config
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Float, config -> config
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .changeDefaultNullHandling(nulls -> JsonSetter.Value.forContentNulls(Nulls.FAIL))
                .addModule(new SimpleModule("mossa-strict-input")
                        .addDeserializer(String.class, new StorableStringDeserializer())
                        .addDeserializer(Double.class, new FiniteDouble(Double.class, null))
                        .addDeserializer(Double.TYPE, new FiniteDouble(Double.TYPE, 0.0))
                        .addDeserializer(Float.class, new FiniteFloat(Float.class, null))
                        .addDeserializer(Float.TYPE, new FiniteFloat(Float.TYPE, 0.0f)));
    }

    /** A value of the right JSON type that MOSSA refuses; its message is the reason, in the client's terms. */
    public static final class RefusedValueException extends InvalidFormatException {

        RefusedValueException(JsonParser parser, String reason, Object value, Class<?> type) {
            super(parser, reason, value, type);
        }
    }

    /** Text PostgreSQL can store and the client gets back unchanged. */
    static final class StorableStringDeserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
            String text = super.deserialize(parser, context);
            String problem = text == null ? null : StorableText.problem(text);
            if (problem != null) {
                throw new RefusedValueException(parser, problem, text, String.class);
            }
            return text;
        }
    }

    /** 1e400 is a valid JSON number that reads as infinity: refused, as NaN and Infinity literals are. */
    static final class FiniteDouble extends NumberDeserializers.DoubleDeserializer {

        FiniteDouble(Class<Double> type, Double nullValue) {
            super(type, nullValue);
        }

        @Override
        public Double deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
            Double value = super.deserialize(parser, context);
            if (value != null && !Double.isFinite(value)) {
                throw new RefusedValueException(parser, "out of range: must be a finite number", value,
                        Double.class);
            }
            return value;
        }
    }

    static final class FiniteFloat extends NumberDeserializers.FloatDeserializer {

        FiniteFloat(Class<Float> type, Float nullValue) {
            super(type, nullValue);
        }

        @Override
        public Float deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
            Float value = super.deserialize(parser, context);
            if (value != null && !Float.isFinite(value)) {
                throw new RefusedValueException(parser,
                        "out of range: must be a finite number that fits a 32-bit float", value, Float.class);
            }
            return value;
        }
    }
}
