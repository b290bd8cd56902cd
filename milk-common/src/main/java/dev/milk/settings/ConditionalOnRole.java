package dev.milk.settings;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/** Registers the annotated configuration only in processes whose role runs one of {@link #value()}. */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnRoleCondition.class)
public @interface ConditionalOnRole {

    MilkRole[] value();

    /** Only in a process of exactly these roles: role {@code all} does not count as running each of them. */
    boolean exactly() default false;
}
