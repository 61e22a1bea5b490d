namespace Dynasor.Synthesis;

/// <summary>The difficulty zone of a synthetic question (see <see cref="SynthOptions"/>).</summary>
public enum QuestionZone
{
    /// <summary>Almost every sample gives the gold answer.</summary>
    Easy,

    /// <summary>The gold answer is a plurality that majority vote finds with enough samples.</summary>
    Scaling,

    /// <summary>The gold answer is rarely or never sampled.</summary>
    Impossible,
}
