using System.CommandLine;
using SharpAlign.Tokenization.Templates;

namespace SharpAlign.Cli.Commands;

/// <summary><c>sharpalign chat-template</c>: renders a conversation with a tokenizer folder's chat template.</summary>
public sealed class ChatTemplateCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Create()
    {
        var tokenizer = new Option<string>("--tokenizer") { Description = "Tokenizer folder (tokenizer_config.json and/or chat_template.jinja).", Required = true };
        var messages = new Option<string>("--messages")
        {
            Description = "JSON file: an array of {role, content, …} messages, or an object with \"messages\" and extra template variables (tools, date_string, …).",
            Required = true,
        };
        var generationPrompt = new Option<bool>("--add-generation-prompt") { Description = "Append the assistant turn header, as apply_chat_template(add_generation_prompt=True)." };
        var templateName = new Option<string?>("--template-name") { Description = "Pick a named template when tokenizer_config.json lists several (default: \"default\")." };
        var cmd = new Command("chat-template", "Render messages with a model's chat template, exactly as transformers' apply_chat_template(tokenize=False).");
        cmd.Options.Add(tokenizer);
        cmd.Options.Add(messages);
        cmd.Options.Add(generationPrompt);
        cmd.Options.Add(templateName);
        cmd.SetAction(pr =>
        {
            try
            {
                var template = ChatTemplateFiles.Load(pr.GetValue(tokenizer)!, pr.GetValue(templateName));
                var (conversation, variables) = ChatTemplateFiles.ReadConversation(pr.GetValue(messages)!);
                Console.Out.Write(template.Render(conversation, pr.GetValue(generationPrompt), variables));
                Console.Out.Flush();
                return 0;
            }
            catch (InputException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return cmd;
    }
}
