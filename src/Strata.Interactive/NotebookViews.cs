namespace Strata.Interactive;

/// <summary>
/// How Strata's objects show in a notebook cell. Loading the package in a Polyglot Notebook
/// (<c>#r "nuget: Strata.Interactive"</c>) registers these as the kernel's formatters, so ending a cell with a
/// tensor, a History or a model shows it this way; outside a notebook they give the same HTML for a report or a page.
/// <code>
/// #r "nuget: Strata.Interactive, 0.1.0-preview.1"
/// using Strata;
/// var (train, _) = Strata.Datasets.Mnist.LoadData();
/// train.Images[4]                      // a 28 x 28 digit: drawn as an image, with its values under "values"
/// </code>
/// </summary>
public static class NotebookViews
{
    /// <summary>
    /// A tensor as HTML: its shape and dtype, then a table when it is small (a vector or matrix of at most
    /// 20 x 20, or up to eight such matrices), grayscale images when it is a picture-sized matrix or a stack of
    /// them, and the NumPy-style text of <see cref="Tensor.ToString"/> always (folded under "values" when a
    /// table or image is shown).
    /// </summary>
    public static string ToHtml(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return TensorView.Html(tensor);
    }

    /// <summary>A shape as HTML: "(60000, 28, 28)", as Python prints <c>train_images.shape</c>.</summary>
    public static string ToHtml(Shape shape) => $"<code>{Html.Encode(shape.ToString())}</code>";

    /// <summary>
    /// A training history as HTML: the book's chart of each training metric beside its validation
    /// counterpart (loss, then accuracy or MAE...), then a table of every logged value by epoch.
    /// </summary>
    public static string ToHtml(History history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return HistoryView.Html(history);
    }

    /// <summary>A training history as text: one line per epoch with every logged value, as Fit's progress ends each epoch.</summary>
    public static string ToText(History history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return HistoryView.Text(history);
    }

    /// <summary>A model as HTML: Keras's summary table (<see cref="Model.GetSummary"/>) as an HTML table, with its totals.</summary>
    public static string ToHtml(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return ModelView.Html(model.GetSummary());
    }
}
