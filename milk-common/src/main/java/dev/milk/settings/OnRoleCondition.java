package dev.milk.settings;

import java.util.Arrays;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

final class OnRoleCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        var attributes = metadata.getAnnotationAttributes(ConditionalOnRole.class.getName());
        MilkRole role = MilkRole.of(context.getEnvironment());
        boolean exactly = (Boolean) attributes.get("exactly");
        return Arrays.stream((MilkRole[]) attributes.get("value")).anyMatch(part -> exactly ? role == part : role.runs(part));
    }
}
