SELECT c.category, h.views, h.purchases
FROM category_history h
JOIN categories c USING (cno)
WHERE h.sid IS NULL AND h.views + h.purchases > 0
ORDER BY c.category
