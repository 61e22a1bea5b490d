namespace Dynasor.Server.Tests.EngineFakes.Templates;

/// <summary>The template families by name: <c>chatml</c> (llama-server's fallback), <c>qwq</c>, <c>qwen3</c>,
/// <c>deepseek-r1</c>.</summary>
public static class ChatTemplates
{
    public static readonly ChatTemplate ChatMl = new ChatMlTemplate();
    public static readonly ChatTemplate Qwq = new QwqTemplate();
    public static readonly ChatTemplate Qwen3 = new Qwen3Template();
    public static readonly ChatTemplate DeepSeekR1 = new DeepSeekR1Template();

    public static ChatTemplate Get(string name) => name switch
    {
        "chatml" => ChatMl,
        "qwq" => Qwq,
        "qwen3" => Qwen3,
        "deepseek-r1" => DeepSeekR1,
        _ => throw new ArgumentException($"unknown template family '{name}'; use chatml, qwq, qwen3 or deepseek-r1", nameof(name)),
    };
}
