"""Export of a draft: Word in 公文格式 with a 数据核对表, and Markdown."""
