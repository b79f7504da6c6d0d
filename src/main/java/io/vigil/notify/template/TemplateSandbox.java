package io.vigil.notify.template;

import io.quarkus.qute.Engine;
import io.quarkus.qute.EvalContext;
import io.quarkus.qute.Expression;
import io.quarkus.qute.IfSectionHelper;
import io.quarkus.qute.JsonEscaper;
import io.quarkus.qute.LoopSectionHelper;
import io.quarkus.qute.NamespaceResolver;
import io.quarkus.qute.RawString;
import io.quarkus.qute.ResolutionContext;
import io.quarkus.qute.ResultMapper;
import io.quarkus.qute.ResultNode;
import io.quarkus.qute.Results;
import io.quarkus.qute.Scope;
import io.quarkus.qute.SectionBlock;
import io.quarkus.qute.SectionHelper;
import io.quarkus.qute.SectionHelperFactory;
import io.quarkus.qute.SetSectionHelper;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateException;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.TemplateNode;
import io.quarkus.qute.ValueResolvers;
import io.quarkus.qute.WhenSectionHelper;
import io.quarkus.qute.WithSectionHelper;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import static io.vigil.notify.HttpChannel.json;

/**
 * The Qute engine user templates run in: the core sections, resolvers over maps and lists only (nothing reaching
 * out of the data), {@code json:} helpers, and budgets on loops and output so a template cannot run away.
 */
final class TemplateSandbox {

    /** Loop iterations one rendering may take, all loops together. */
    static final int MAX_ITERATIONS = 10_000;
    /** Largest number a {@code {#for i in n}} may count to. */
    static final int MAX_COUNT = 1_000;
    private static final String BUDGET = "vigil.template.budget";

    private TemplateSandbox() {
    }

    /** "line 2, column 7: ..." from a parser or rendering error. */
    static String describe(TemplateException e) {
        String text = e.getMessage() != null ? e.getMessage()
                : e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.toString();
        text = text.replaceFirst("^(Parser|Rendering) error:\\s*", "").replaceAll("\\s*[\\r\\n]+\\s*", " ");
        TemplateNode.Origin origin = e.getOrigin();
        return origin == null ? text : at(origin) + text;
    }

    static String at(TemplateNode.Origin origin) {
        return origin == null ? "" : "line " + origin.getLine() + ", column " + origin.getLineCharacterStart() + ": ";
    }

    /** Renders within the loop budget and the output cap. */
    static String render(Template template, Map<String, Object> data, int maxChars) {
        TemplateInstance instance = template.instance();
        data.forEach(instance::data);
        instance.setAttribute(BUDGET, new int[] {MAX_ITERATIONS});
        StringBuilder out = new StringBuilder();
        try {
            instance.consume(chunk -> {
                if (out.length() + chunk.length() > maxChars) {
                    throw new TemplateChannel.TemplateLimitException("renders more than " + maxChars / 1024 + " KiB");
                }
                out.append(chunk);
            }).toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
        return out.toString();
    }

    /** The engine for user templates: the core sections and resolvers over maps and lists, nothing reaching out. */
    static Engine sandbox(boolean strict) {
        var builder = Engine.builder()
                .addSectionHelper(new IfSectionHelper.Factory())
                .addSectionHelper(new BoundedLoop())
                .addSectionHelper(new SetSectionHelper.Factory())
                .addSectionHelper(new WithSectionHelper.Factory())
                .addSectionHelper(new WhenSectionHelper.Factory())
                .addDefaultValueResolvers()
                .addValueResolver(ValueResolvers.rawResolver())
                .addNamespaceResolver(NamespaceResolver.builder("json").resolveAsync(TemplateSandbox::jsonNamespace).build())
                .addResultMapper(new JsonEscaper())
                .strictRendering(strict)
                .removeStandaloneLines(true);
        if (!strict) {
            builder.addResultMapper(new Missing());
        }
        return builder.build();
    }

    /** {@code json:str(x)}, {@code json:value(x)}, {@code json:escape(x)}: written as is, never escaped again. */
    private static CompletionStage<Object> jsonNamespace(EvalContext ctx) {
        String name = ctx.getName();
        if (ctx.getParams().size() != 1 || !List.of("str", "value", "escape").contains(name)) {
            throw new IllegalArgumentException("json:" + name + " is not a function of one value: use json:str(x), "
                    + "json:value(x) or json:escape(x)");
        }
        return ctx.evaluate(ctx.getParams().get(0)).thenApply(v -> {
            Object value = v == null || Results.isNotFound(v) ? null : v instanceof RawString raw ? raw.getValue() : v;
            return switch (name) {
                case "str" -> new RawString(value == null ? "null" : json(value.toString()));
                case "value" -> new RawString(json(value));
                default -> {
                    String quoted = json(value == null ? "" : value.toString());
                    yield new RawString(quoted.substring(1, quoted.length() - 1));
                }
            };
        });
    }

    /** A missing value renders as nothing (the receiver gets an empty field, not a failed delivery). */
    private static final class Missing implements ResultMapper {
        @Override
        public int getPriority() {
            return 100;
        }

        @Override
        public boolean appliesTo(TemplateNode.Origin origin, Object result) {
            return Results.isNotFound(result);
        }

        @Override
        public String map(Object result, Expression expression) {
            return "";
        }
    }

    /**
     * {@code {#for}} / {@code {#each}} with a budget: counting loops stop at {@link #MAX_COUNT} and all loops of one
     * rendering together at {@link #MAX_ITERATIONS} iterations (nested loops multiply).
     */
    static final class BoundedLoop implements SectionHelperFactory<SectionHelper> {

        private final LoopSectionHelper.Factory loop = new LoopSectionHelper.Factory();

        @Override
        public List<String> getDefaultAliases() {
            return loop.getDefaultAliases();
        }

        @Override
        public ParametersInfo getParameters() {
            return loop.getParameters();
        }

        @Override
        public List<String> getBlockLabels() {
            return loop.getBlockLabels();
        }

        @Override
        public boolean cacheFactoryConfig() {
            return loop.cacheFactoryConfig();
        }

        @Override
        public boolean treatUnknownSectionsAsBlocks() {
            return loop.treatUnknownSectionsAsBlocks();
        }

        @Override
        public MissingEndTagStrategy missingEndTagStrategy() {
            return loop.missingEndTagStrategy();
        }

        @Override
        public Scope initializeBlock(Scope outer, BlockInfo block) {
            return loop.initializeBlock(outer, block);
        }

        @Override
        public SectionHelper initialize(SectionInitContext context) {
            Expression iterable = context.getExpression("iterable");
            SectionHelper delegate = loop.initialize(context);
            String at = at(context.getOrigin());
            return ctx -> {
                int[] budget = (int[]) ctx.resolutionContext().getAttribute(BUDGET);
                return ctx.resolutionContext().evaluate(iterable).thenCompose(value -> {
                    if (value instanceof Number count && count.longValue() > MAX_COUNT) {
                        throw new TemplateChannel.TemplateLimitException(at + "a loop may count to at most " + MAX_COUNT + ", not " + count);
                    }
                    return delegate.resolve(budget == null ? ctx : new Counting(ctx, budget, at));
                });
            };
        }
    }

    /** Counts the iterations a loop executes against the rendering's budget. */
    private record Counting(SectionHelper.SectionResolutionContext delegate, int[] budget, String at)
            implements SectionHelper.SectionResolutionContext {

        @Override
        public CompletionStage<Map<String, Object>> evaluate(Map<String, Expression> parameters) {
            return delegate.evaluate(parameters);
        }

        @Override
        public ResolutionContext resolutionContext() {
            return delegate.resolutionContext();
        }

        @Override
        public ResolutionContext newResolutionContext(Object data, Map<String, SectionBlock> extendingBlocks) {
            return delegate.newResolutionContext(data, extendingBlocks);
        }

        @Override
        public CompletionStage<ResultNode> execute(SectionBlock block, ResolutionContext context) {
            synchronized (budget) {
                if (--budget[0] < 0) {
                    throw new TemplateChannel.TemplateLimitException(at + "loops may run at most " + MAX_ITERATIONS + " times in all");
                }
            }
            return delegate.execute(block, context);
        }

        @Override
        public Map<String, Object> getParameters() {
            return delegate.getParameters();
        }
    }
}
