using Dynasor.Server.Dialects;

namespace Dynasor.Server.Upstream;

/// <summary>One planned upstream request: where it goes, its body, how its raw text is split, and the prompt ids it was rendered to (to report).</summary>
/// <param name="Url">The route.</param>
/// <param name="Body">The JSON body.</param>
/// <param name="Splitter">Dynasor's reasoning parser for an engine that returns raw text here; null when the engine files reasoning itself (chat) or runs none.</param>
/// <param name="PromptIds">The prompt's ids when Dynasor rendered them for this request (the program continues on them); else null.</param>
internal sealed record UpstreamCall(Uri Url, byte[] Body, ThinkSplitter? Splitter, int[]? PromptIds);
