"""Prompt files from prompts/: $-templates that fail loudly on a missing or unknown variable."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from string import Template

from assistant.errors import AssistantError


class PromptError(AssistantError):
    """A prompt file is missing or its variables do not match what the code supplies."""


@dataclass(frozen=True)
class PromptTemplate:
    """One prompt file; `$name` / `${name}` are variables, `$$` is a literal dollar sign."""

    name: str
    text: str

    @property
    def variables(self) -> set[str]:
        """The variable names the file uses."""
        names: set[str] = set()
        for match in Template.pattern.finditer(self.text):
            if match.group("invalid") is not None:
                raise PromptError(f"提示词文件 {self.name} 中有无法识别的 $ 占位符。", "变量写作 $name 或 ${name}，美元符号本身写作 $$。")
            name = match.group("named") or match.group("braced")
            if name:
                names.add(name)
        return names

    def render(self, **values: object) -> str:
        """Fill every variable; any missing or unexpected one is an error, never a silent blank."""
        needed = self.variables
        missing = sorted(needed - values.keys())
        unknown = sorted(values.keys() - needed)
        if missing:
            raise PromptError(f"提示词文件 {self.name} 需要变量 {'、'.join(missing)}，但调用时没有提供。", "检查提示词文件中的变量名是否与程序一致。")
        if unknown:
            raise PromptError(f"提示词文件 {self.name} 中没有变量 {'、'.join(unknown)}，调用时却提供了。", "检查提示词文件是否缺少了这些变量，或变量名写错。")
        return Template(self.text).substitute({k: str(v) for k, v in values.items()})


def load_prompt(folder: Path, name: str) -> PromptTemplate:
    """Read prompts/<name>.md (UTF-8)."""
    path = Path(folder) / f"{name}.md"
    if not path.is_file():
        raise PromptError(f"找不到提示词文件 {path}。", "确认安装完整，或用 ASSISTANT_PROMPTS 指向包含提示词文件的目录。")
    return PromptTemplate(name=name, text=path.read_text(encoding="utf-8").strip() + "\n")
