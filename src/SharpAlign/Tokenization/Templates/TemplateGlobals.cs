namespace SharpAlign.Tokenization.Templates;

/// <summary>
/// The functions every chat template can call: transformers' <c>raise_exception</c> and
/// <c>strftime_now</c>, and Jinja's <c>range</c>, <c>dict</c> and <c>namespace</c>.
/// </summary>
internal static class TemplateGlobals
{
    /// <summary>Adds the globals to <paramref name="scope"/>; <paramref name="now"/> supplies the clock for strftime_now.</summary>
    public static void AddTo(TemplateScope scope, TemplateEvaluator ev, Func<DateTime> now)
    {
        scope.Set("raise_exception", new CallableValue("raise_exception", a =>
        {
            var message = a.Positional.Count > 0 ? a.Positional[0].ToPythonString() : "";
            throw new TemplateRaisedException(ev.TemplateName, a.Position, message);
        }));
        scope.Set("strftime_now", new CallableValue("strftime_now", a =>
        {
            a.Check("strftime_now", 1);
            if (a.Positional.Count == 0 || a.Positional[0] is not StringValue fmt) throw a.Error("strftime_now() needs a format string");
            return new StringValue(PythonStrftime.Format(now(), fmt.Value, a.Error));
        }));
        scope.Set("range", new CallableValue("range", a => Range(a, ev.Limits.MaxRange)));
        scope.Set("dict", new CallableValue("dict", a =>
        {
            a.Check("dict", 1, [.. a.Keywords.Select(k => k.Key)]);
            var pairs = new List<(TemplateValue, TemplateValue)>();
            if (a.Positional.Count == 1)
            {
                if (a.Positional[0] is not DictValue d) throw a.Error("dict() accepts a mapping and keyword arguments");
                pairs.AddRange(d.Entries.Select(e => (e.Key, e.Value)));
            }
            pairs.AddRange(a.Keywords.Select(k => ((TemplateValue)new StringValue(k.Key), k.Value)));
            return new DictValue(pairs);
        }));
        scope.Set("namespace", new CallableValue("namespace", a =>
        {
            var ns = new NamespaceValue();
            foreach (var p in a.Positional)
            {
                if (p is not DictValue d) throw a.Error("namespace() accepts a mapping and keyword arguments");
                foreach (var e in d.Entries) SetAttribute(ns, e.Key.ToPythonString(), e.Value, a);
            }
            foreach (var kv in a.Keywords) SetAttribute(ns, kv.Key, kv.Value, a);
            return ns;
        }));
    }

    private static void SetAttribute(NamespaceValue ns, string name, TemplateValue value, CallArguments a)
    {
        if (!ns.Set(name, value)) throw a.Error($"namespace attribute '{name}' cannot hold a namespace");
    }

    private static TemplateValue Range(CallArguments a, int maxRange)
    {
        a.Check("range", 3);
        long Int(TemplateValue v) => v switch
        {
            IntValue i => i.Value,
            BoolValue b => b.Value ? 1 : 0,
            _ => throw a.Error($"'{v.TypeName}' object cannot be interpreted as an integer"),
        };
        long start = 0, stop, step = 1;
        switch (a.Positional.Count)
        {
            case 1: stop = Int(a.Positional[0]); break;
            case 2: start = Int(a.Positional[0]); stop = Int(a.Positional[1]); break;
            case 3: start = Int(a.Positional[0]); stop = Int(a.Positional[1]); step = Int(a.Positional[2]); break;
            default: throw a.Error("range expected 1 to 3 arguments");
        }
        if (step == 0) throw a.Error("range() arg 3 must not be zero");
        long count = step > 0 ? (stop > start ? (stop - start + step - 1) / step : 0) : (start > stop ? (start - stop - step - 1) / -step : 0);
        if (count > maxRange) throw a.Error($"range too big: {count} items, the sandbox allows {maxRange}");
        var items = new List<TemplateValue>((int)count);
        for (long i = 0, v = start; i < count; i++, v += step) items.Add(new IntValue(v));
        return new ListValue(items);
    }
}
