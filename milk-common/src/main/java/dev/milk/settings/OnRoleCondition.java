package dev.milk.settings;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

final class OnRoleCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        var attributes = metadata.getAnnotationAttributes(ConditionalOnRole.class.getName());
        MilkRole part = (MilkRole) attributes.get("value");
        return MilkRole.of(context.getEnvironment()).runs(part);
    }
}
